<?php
/**
 * In place of the theme's comments.php when "Theme's comment section" is on:
 * the widget's comment section alone (mode="comments") for the current post,
 * which reads and posts its WordPress comments; the theme shows the post.
 */
defined('ABSPATH') || exit;
$article_widget_post = get_post();
if ($article_widget_post) : ?>
<div id="comments" class="comments-area article-widget-comments">
	<?php echo Article_Widget_Embed::element($article_widget_post, ['mode' => 'comments']); // phpcs:ignore WordPress.Security.EscapeOutput -- built escaped ?>
</div>
<?php endif;
