<?php
/**
 * The block-editor block "Article widget" (block/block.json, block/index.js:
 * plain JavaScript on WordPress's globals, no build step). It stores only its
 * attributes (post, theme, loading) and is drawn on the server by the
 * shortcode's own function, so a block and [article_widget] print the same
 * element. Its editor words are translated here, with the plugin's others.
 */
defined('ABSPATH') || exit;

final class Article_Widget_Block {
    const SCRIPT = 'article-widget-block';

    public static function init(): void {
        add_action('init', [self::class, 'register']);
    }

    public static function register(): void {
        $dir = dirname(ARTICLE_WIDGET_FILE) . '/block';
        wp_register_script(self::SCRIPT, plugins_url('block/index.js', ARTICLE_WIDGET_FILE),
            ['wp-blocks', 'wp-element', 'wp-block-editor', 'wp-components'], ARTICLE_WIDGET_VERSION, true);
        wp_add_inline_script(self::SCRIPT, 'window.articleWidgetBlock = ' . wp_json_encode(self::words()) . ';', 'before');
        register_block_type($dir, ['render_callback' => [self::class, 'render']]);
    }

    /** The block on a page: what [article_widget post=… theme=… loading=…] prints. */
    public static function render($attributes): string {
        $attributes = is_array($attributes) ? $attributes : [];
        return Article_Widget_Embed::shortcode(array_map('strval', array_intersect_key($attributes, ['post' => 1, 'theme' => 1, 'loading' => 1])));
    }

    /** The editor's words, in the editor's language. */
    private static function words(): array {
        return [
            'title' => __('Article widget', 'article-widget'),
            'settings' => __('Widget settings', 'article-widget'),
            'post' => __('Post', 'article-widget'),
            'postHelp' => __('An ID or a slug; empty: the post this block is in.', 'article-widget'),
            'theme' => __('Theme', 'article-widget'),
            'loading' => __('Comments and related posts load', 'article-widget'),
            'default' => __('Default', 'article-widget'),
            'light' => __('Light', 'article-widget'),
            'dark' => __('Dark', 'article-widget'),
            'auto' => __('As the reader’s device', 'article-widget'),
            'lazy' => __('When the reader comes near them', 'article-widget'),
            'eager' => __('At once', 'article-widget'),
            'current' => __('Shows this post in the article widget, with its comments and related posts.', 'article-widget'),
            /* translators: %s: the post's ID or slug */
            'other' => __('Shows the post %s in the article widget, with its comments and related posts.', 'article-widget'),
        ];
    }
}
