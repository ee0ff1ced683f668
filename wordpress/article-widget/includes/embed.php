<?php
/**
 * The widget on the site's own pages: the [article_widget] shortcode, and the
 * widget in place of the theme's comment section when that setting is on.
 * Both print an <article-widget> element whose article-src is the post's REST
 * address (with _embed, for its author, terms and image) and no
 * comments-endpoint, so that the widget reads and posts the post's WordPress
 * comments (in place of the theme's comments, mode="comments": the comment
 * section alone, the theme showing the post); and the loader script, as a
 * module, from the widget's files.
 */
defined('ABSPATH') || exit;

final class Article_Widget_Embed {
    const HANDLE = 'article-widget';

    public static function init(): void {
        add_shortcode('article_widget', [self::class, 'shortcode']);
        add_action('wp_enqueue_scripts', [self::class, 'register_script']);
        add_filter('script_loader_tag', [self::class, 'module_tag'], 10, 2);
        add_filter('comments_template', [self::class, 'comments_template'], 20);
        add_filter('wp_preload_resources', [self::class, 'preloads']);
    }

    public static function register_script(): void {
        wp_register_script(self::HANDLE, Article_Widget_Settings::widget_base_url() . 'article-widget.js', [], ARTICLE_WIDGET_VERSION, true);
    }

    /** WordPress 6.1 prints classic scripts only: the loader is an ES module. */
    public static function module_tag(string $tag, string $handle): string {
        if ($handle !== self::HANDLE || str_contains($tag, 'type="module"')) {
            return $tag;
        }
        return preg_replace("/<script(?: type=(['\"])text\\/javascript\\1)?/", '<script type="module"', $tag, 1);
    }

    /**
     * [article_widget] — the current post; [article_widget post="123"] or
     * post="a-slug" — another one. Optional: theme="light|dark|auto",
     * loading="lazy|eager", lang="fr|en…" (default: the site's language).
     */
    public static function shortcode($atts): string {
        $atts = shortcode_atts(['post' => '', 'theme' => '', 'loading' => '', 'lang' => ''], is_array($atts) ? $atts : [], 'article_widget');
        $post = self::find_post((string) $atts['post']);
        if (!$post) {
            return self::editor_notice(__('[article_widget]: no such post.', 'article-widget'));
        }
        return self::element($post, $atts);
    }

    private static function find_post(string $which): ?WP_Post {
        if ($which === '') {
            return get_post() ?: null;
        }
        if (ctype_digit($which)) {
            return get_post((int) $which) ?: null;
        }
        $found = get_posts(['name' => sanitize_title($which), 'post_type' => 'any', 'numberposts' => 1]);
        return $found[0] ?? null;
    }

    /** What the widget asks WordPress to embed with a post: its author, terms and featured image. */
    const EMBED = 'author,wp:term,wp:featuredmedia';

    /**
     * The element for a post, or nothing (and a notice to those who can edit
     * it) when readers could not load it: the widget reads the post through
     * the REST API as an anonymous reader would. $atts: theme, loading, lang
     * (as the shortcode's) and mode ('comments': the comment section alone).
     */
    public static function element(WP_Post $post, array $atts = []): string {
        $src = self::article_src($post);
        if ($src === null) {
            return self::editor_notice(__('[article_widget]: the widget shows published, public posts only.', 'article-widget'), $post);
        }
        wp_enqueue_script(self::HANDLE);
        $attributes = [
            'article-src' => $src,
            'lang' => self::lang((string) ($atts['lang'] ?? '')),
            'theme' => in_array($atts['theme'] ?? '', ['light', 'dark', 'auto'], true) ? $atts['theme'] : '',
            'loading' => in_array($atts['loading'] ?? '', ['lazy', 'eager'], true) ? $atts['loading'] : '',
            'mode' => ($atts['mode'] ?? '') === 'comments' ? 'comments' : '',
        ];
        $html = '<article-widget';
        foreach ($attributes as $name => $value) {
            if ($value !== '') {
                $html .= ' ' . $name . '="' . esc_attr($value) . '"';
            }
        }
        if ($attributes['mode'] === 'comments') {
            // The post is on the page already: nothing to show in its place.
            return $html . '></article-widget>';
        }
        // Shown until the widget has rendered, and where it cannot run.
        $html .= '><a href="' . esc_url(get_permalink($post)) . '">' . esc_html(wp_strip_all_tags(get_the_title($post))) . '</a></article-widget>';
        return $html;
    }

    /**
     * The address the widget reads a post from (its REST address, with what
     * it embeds), or null when readers could not load it there: not
     * published, protected by a password, or not public.
     */
    private static function article_src(WP_Post $post): ?string {
        $route = rest_get_route_for_post($post);
        if ($route === '' || get_post_status($post) !== 'publish' || post_password_required($post) || !is_post_publicly_viewable($post)) {
            return null;
        }
        return add_query_arg('_embed', self::EMBED, rest_url(ltrim($route, '/')));
    }

    /**
     * The two hints a page that shows the widget's article should carry
     * (README, "Preload hints"): on a single post or page whose content holds
     * the shortcode or the block, the wasm and each article it shows are asked
     * for while the page is read, rather than once the loader has come and
     * run, a round trip later (on a phone's link, the title comes 100 to
     * 165 ms sooner). Printed by WordPress in <head> (wp_preload_resources,
     * WordPress 6.1), each address once. Not for the comment section alone
     * (in place of the theme's comments): it is far down the page, and its
     * files should not compete with what is above it.
     */
    public static function preloads($resources): array {
        $resources = is_array($resources) ? $resources : [];
        $post = is_singular() ? get_queried_object() : null;
        if (!$post instanceof WP_Post) {
            return $resources;
        }
        $sources = [];
        foreach (self::shown_in($post) as $which) {
            $shown = $which === '' ? $post : self::find_post($which);
            $src = $shown ? self::article_src($shown) : null;
            if ($src !== null) {
                $sources[$src] = true;
            }
        }
        if (!$sources) {
            return $resources;
        }
        // The same requests the loader makes (CORS, the browser's default
        // credentials): the browser hands the hinted answers over to them.
        $resources[] = ['href' => Article_Widget_Settings::widget_base_url() . 'article-widget-embed_bg.wasm',
            'as' => 'fetch', 'type' => 'application/wasm', 'crossorigin' => 'anonymous'];
        foreach (array_keys($sources) as $src) {
            $resources[] = ['href' => $src, 'as' => 'fetch', 'crossorigin' => 'anonymous'];
        }
        return $resources;
    }

    /**
     * The posts the shortcodes and blocks in a post's content show, as each
     * names them ('' for the post itself).
     */
    private static function shown_in(WP_Post $post): array {
        $content = (string) $post->post_content;
        $shown = [];
        if (has_shortcode($content, 'article_widget')
            && preg_match_all('/' . get_shortcode_regex(['article_widget']) . '/', $content, $found, PREG_SET_ORDER)) {
            foreach ($found as $shortcode) {
                if ($shortcode[1] === '[' && $shortcode[6] === ']') {
                    continue; // [[article_widget]]: the shortcode's text, escaped
                }
                $atts = shortcode_parse_atts($shortcode[3]);
                $shown[] = is_array($atts) ? (string) ($atts['post'] ?? '') : '';
            }
        }
        if (has_block('article-widget/article', $content)) {
            $blocks = parse_blocks($content);
            while ($blocks) {
                $block = array_shift($blocks);
                if (($block['blockName'] ?? '') === 'article-widget/article') {
                    $shown[] = (string) ($block['attrs']['post'] ?? '');
                }
                array_push($blocks, ...($block['innerBlocks'] ?? []));
            }
        }
        return $shown;
    }

    /**
     * The widget's language: the shortcode's, else the site's (fr_FR → fr-FR),
     * but only a language the widget speaks (fr, en); otherwise none, and the
     * widget chooses (the page's, then the browser's).
     */
    private static function lang(string $wanted): string {
        $tag = str_replace('_', '-', $wanted !== '' ? $wanted : get_locale()); // the site's, not the viewer's
        if (!preg_match('/^(fr|en)(-[A-Za-z0-9]{2,8})?$/', $tag)) {
            return '';
        }
        return $tag;
    }

    private static function editor_notice(string $message, ?WP_Post $post = null): string {
        $can = $post ? current_user_can('edit_post', $post->ID) : current_user_can('edit_posts');
        return $can ? '<p class="article-widget-notice"><em>' . esc_html($message) . '</em></p>' : '';
    }

    /** The theme's comment section → the widget, on single posts, when the setting is on. */
    public static function comments_template(string $template): string {
        if (!Article_Widget_Settings::get()['replace_comments'] || !is_singular()) {
            return $template;
        }
        $post = get_post();
        if (!$post || !post_type_supports($post->post_type, 'comments') || (!comments_open($post) && !get_comments_number($post))) {
            return $template;
        }
        return dirname(ARTICLE_WIDGET_FILE) . '/templates/comments.php';
    }
}
