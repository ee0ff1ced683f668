<?php
/**
 * In place of the theme's comments.php when "Theme's comment section" is on:
 * the widget for the current post, which reads and posts its WordPress comments.
 */
defined('ABSPATH') || exit;
$article_widget_post = get_post();
if ($article_widget_post) : ?>
<div id="comments" class="comments-area article-widget-comments">
	<?php echo Article_Widget_Embed::element($article_widget_post); // phpcs:ignore WordPress.Security.EscapeOutput -- built escaped ?>
</div>
<?php endif;
