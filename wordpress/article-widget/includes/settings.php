<?php
/**
 * The plugin's settings (one option, `article_widget`) and their page under
 * Settings → Article widget, through the Settings API: WordPress's options.php
 * saves them, checking the nonce and the manage_options capability; every value
 * is sanitized here on the way in and escaped on the way out.
 */
defined('ABSPATH') || exit;

final class Article_Widget_Settings {
    const OPTION = 'article_widget';
    const PAGE = 'article-widget';

    /** What each setting is when nothing was saved. */
    public static function defaults(): array {
        return [
            // Readers without an account may comment through the REST API (the
            // rest_allow_anonymous_comments filter): what the widget posts with.
            'anonymous_comments' => false,
            // Origins (scheme://host[:port]) allowed to embed posts and their
            // comments; empty: any origin, as WordPress itself allows.
            'allowed_origins' => [],
            // The widget in place of the theme's comment section on single posts.
            'replace_comments' => false,
            // Where the widget's files are served from; empty: this plugin's widget/.
            'widget_url' => '',
        ];
    }

    /** The saved settings, completed with the defaults. */
    public static function get(): array {
        $saved = get_option(self::OPTION, []);
        return array_merge(self::defaults(), is_array($saved) ? array_intersect_key($saved, self::defaults()) : []);
    }

    public static function init(): void {
        add_action('admin_init', [self::class, 'register']);
        add_action('admin_menu', [self::class, 'menu']);
        add_filter('option_page_capability_' . self::OPTION, fn () => 'manage_options');
        add_filter('plugin_action_links_' . plugin_basename(ARTICLE_WIDGET_FILE), [self::class, 'action_links']);
    }

    public static function activate(): void {
        add_option(self::OPTION, self::defaults());
    }

    public static function register(): void {
        register_setting(self::OPTION, self::OPTION, [
            'type' => 'array',
            'sanitize_callback' => [self::class, 'sanitize'],
            'default' => self::defaults(),
            'show_in_rest' => false,
        ]);
        add_settings_section('comments', __('Comments', 'article-widget'), [self::class, 'comments_intro'], self::PAGE);
        add_settings_field('anonymous_comments', __('Anonymous comments', 'article-widget'),
            [self::class, 'field_anonymous_comments'], self::PAGE, 'comments', ['label_for' => 'article-widget-anonymous']);
        add_settings_field('replace_comments', __('Theme’s comment section', 'article-widget'),
            [self::class, 'field_replace_comments'], self::PAGE, 'comments', ['label_for' => 'article-widget-replace']);
        add_settings_section('embedding', __('Embedding', 'article-widget'), [self::class, 'embedding_intro'], self::PAGE);
        add_settings_field('allowed_origins', __('Sites allowed to embed', 'article-widget'),
            [self::class, 'field_allowed_origins'], self::PAGE, 'embedding', ['label_for' => 'article-widget-origins']);
        add_settings_field('widget_url', __('Widget files', 'article-widget'),
            [self::class, 'field_widget_url'], self::PAGE, 'embedding', ['label_for' => 'article-widget-url']);
    }

    /**
     * Keeps what is valid and says what is not: an origin that is not
     * scheme://host[:port] is dropped with an error naming it, a widget URL
     * that is not http(s) keeps the previous one.
     */
    public static function sanitize($input): array {
        $input = is_array($input) ? $input : [];
        $previous = self::get();
        $clean = self::defaults();
        $clean['anonymous_comments'] = !empty($input['anonymous_comments']);
        $clean['replace_comments'] = !empty($input['replace_comments']);

        $lines = $input['allowed_origins'] ?? [];
        $lines = is_array($lines) ? $lines : preg_split('/[\s,]+/', (string) $lines);
        $rejected = [];
        foreach ($lines as $line) {
            $line = trim((string) $line);
            if ($line === '') {
                continue;
            }
            $origin = self::normalize_origin($line);
            if ($origin === null) {
                $rejected[] = $line;
            } elseif (!in_array($origin, $clean['allowed_origins'], true)) {
                $clean['allowed_origins'][] = $origin;
            }
        }
        if ($rejected) {
            // settings_errors() prints messages as HTML: escaped here, shown as typed.
            add_settings_error(self::OPTION, 'allowed_origins', esc_html(sprintf(
                /* translators: %s: the values that were not saved */
                __('Not an origin (https://host or https://host:port), not saved: %s', 'article-widget'),
                implode(', ', $rejected)
            )));
        }

        $url = trim((string) ($input['widget_url'] ?? ''));
        if ($url !== '') {
            $scheme = wp_parse_url($url, PHP_URL_SCHEME);
            if (!in_array($scheme, ['http', 'https'], true) || !wp_parse_url($url, PHP_URL_HOST)) {
                add_settings_error(self::OPTION, 'widget_url', esc_html__('The widget files’ address must be an http or https URL; the previous one is kept.', 'article-widget'));
                $url = $previous['widget_url'];
            } else {
                $url = trailingslashit(esc_url_raw($url, ['http', 'https']));
            }
        }
        $clean['widget_url'] = $url;
        return $clean;
    }

    /** "HTTPS://Partner.example:443/" → "https://partner.example"; null when it is not an origin. */
    public static function normalize_origin(string $value): ?string {
        $parts = wp_parse_url($value);
        if (!is_array($parts) || empty($parts['scheme']) || empty($parts['host'])) {
            return null;
        }
        $scheme = strtolower($parts['scheme']);
        if (!in_array($scheme, ['http', 'https'], true) || isset($parts['user']) || isset($parts['query'])
            || isset($parts['fragment']) || (isset($parts['path']) && $parts['path'] !== '/')) {
            return null;
        }
        $host = strtolower($parts['host']);
        if (!preg_match('/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/', $host)) {
            return null;
        }
        $port = $parts['port'] ?? null;
        $default = $scheme === 'https' ? 443 : 80;
        return $scheme . '://' . $host . ($port && $port !== $default ? ':' . $port : '');
    }

    /** Where the loader and its files are served from, ending with a slash. */
    public static function widget_base_url(): string {
        $url = self::get()['widget_url'];
        return $url !== '' ? $url : plugins_url('widget/', ARTICLE_WIDGET_FILE);
    }

    /** Whether this copy of the plugin carries the built widget (scripts/wordpress-plugin-zip.sh puts it there). */
    public static function has_own_widget_files(): bool {
        return is_file(dirname(ARTICLE_WIDGET_FILE) . '/widget/article-widget.js');
    }

    public static function menu(): void {
        add_options_page(__('Article widget', 'article-widget'), __('Article widget', 'article-widget'),
            'manage_options', self::PAGE, [self::class, 'render_page']);
    }

    public static function action_links(array $links): array {
        array_unshift($links, '<a href="' . esc_url(admin_url('options-general.php?page=' . self::PAGE)) . '">'
            . esc_html__('Settings', 'article-widget') . '</a>');
        return $links;
    }

    public static function render_page(): void {
        if (!current_user_can('manage_options')) {
            wp_die(esc_html__('Sorry, you are not allowed to manage these settings.', 'article-widget'), 403);
        }
        $settings = self::get();
        ?>
        <div class="wrap">
            <h1><?php echo esc_html(get_admin_page_title()); ?></h1>
            <?php if ($settings['widget_url'] === '' && !self::has_own_widget_files()) : ?>
                <div class="notice notice-warning"><p><?php
                    esc_html_e('This copy of the plugin has no widget files (widget/article-widget.js): build it with scripts/wordpress-plugin-zip.sh, or give the address of the widget files below.', 'article-widget');
                ?></p></div>
            <?php endif; ?>
            <form action="<?php echo esc_url(admin_url('options.php')); ?>" method="post">
                <?php
                settings_fields(self::OPTION);
                do_settings_sections(self::PAGE);
                submit_button();
                ?>
            </form>
            <h2><?php esc_html_e('Use', 'article-widget'); ?></h2>
            <p><?php
                /* translators: %s: the shortcode */
                printf(esc_html__('Put %s in a post or page to show it in the widget, or [article_widget post="123"] for another post.', 'article-widget'), '<code>[article_widget]</code>');
            ?></p>
            <p><?php esc_html_e('Every post in the REST API carries an "article_widget" field telling the widget what this site accepts:', 'article-widget'); ?>
                <code><?php echo esc_html(wp_json_encode(Article_Widget_Rest::announcement())); ?></code></p>
        </div>
        <?php
    }

    public static function comments_intro(): void {
        echo '<p>' . esc_html__('The widget reads and posts comments through WordPress’s REST API, with WordPress’s own moderation, flood and duplicate checks.', 'article-widget') . '</p>';
    }

    public static function embedding_intro(): void {
        echo '<p>' . esc_html__('Partner sites embed a post with the widget’s script and an <article-widget> element pointing at the post’s REST address.', 'article-widget') . '</p>';
    }

    public static function field_anonymous_comments(): void {
        $on = self::get()['anonymous_comments'];
        printf('<label><input type="checkbox" id="article-widget-anonymous" name="%s[anonymous_comments]" value="1" %s> %s</label>',
            esc_attr(self::OPTION), checked($on, true, false),
            esc_html__('Readers without an account may comment through the REST API (name and e-mail required as set in Settings → Discussion).', 'article-widget'));
        if (!$on && Article_Widget_Rest::anonymous_comments_allowed()) {
            echo '<p class="description">' . esc_html__('They already may: another plugin or the theme allows it.', 'article-widget') . '</p>';
        } elseif (get_option('comment_registration')) {
            echo '<p class="description">' . esc_html__('Settings → Discussion requires users to be registered and logged in to comment: that wins over this setting.', 'article-widget') . '</p>';
        } else {
            echo '<p class="description">' . esc_html__('Without it, WordPress refuses every comment from the widget (401 rest_comment_login_required).', 'article-widget') . '</p>';
        }
    }

    public static function field_replace_comments(): void {
        printf('<label><input type="checkbox" id="article-widget-replace" name="%s[replace_comments]" value="1" %s> %s</label>',
            esc_attr(self::OPTION), checked(self::get()['replace_comments'], true, false),
            esc_html__('Show the widget in place of the theme’s comment section on single posts.', 'article-widget'));
    }

    public static function field_allowed_origins(): void {
        printf('<textarea id="article-widget-origins" name="%s[allowed_origins]" rows="4" cols="50" class="large-text code" placeholder="https://partner.example">%s</textarea>',
            esc_attr(self::OPTION), esc_textarea(implode("\n", self::get()['allowed_origins'])));
        echo '<p class="description">' . esc_html__('One origin a line (https://partner.example). When the list is empty, any site may read posts and comments and post comments from its pages, as WordPress allows by default; when it is not, only these sites and this one may (the REST routes of posts, pages, comments, categories, tags, media and users).', 'article-widget') . '</p>';
    }

    public static function field_widget_url(): void {
        printf('<input type="url" id="article-widget-url" name="%s[widget_url]" value="%s" class="regular-text code" placeholder="%s">',
            esc_attr(self::OPTION), esc_attr(self::get()['widget_url']), esc_attr(plugins_url('widget/', ARTICLE_WIDGET_FILE)));
        echo '<p class="description">' . esc_html__('Leave empty to serve the widget’s files from this plugin. Otherwise the address of a folder holding article-widget.js and its files (a CDN, with CORS allowed).', 'article-widget') . '</p>';
    }
}
