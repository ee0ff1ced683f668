<?php
/**
 * What the plugin changes in WordPress's REST API, for the widget:
 *
 * - anonymous comments (the rest_allow_anonymous_comments filter), when set;
 * - the Idempotency-Key request header on POST /wp/v2/comments: allowed in the
 *   CORS preflight, kept with the comment it created; a retry with the same key
 *   and the same comment answers that comment again (201, as the first time,
 *   with `Idempotent-Replayed: true`) instead of WordPress's 409 duplicate or
 *   400 flood, and the same key with another comment is refused (409
 *   article_widget_idempotency_key_reused). Requests with one key run one
 *   at a time (a MySQL named lock), so two concurrent retries store one comment;
 * - the origins allowed to embed: when the list is set, the REST routes the
 *   widget uses answer CORS only to them (and the site itself), and refuse
 *   comments posted from other origins' pages;
 * - an `article_widget` field on every post, announcing all this to the widget:
 *   {"version", "idempotency_key": true, "thread_depth", "anonymous_comments"}.
 */
defined('ABSPATH') || exit;

final class Article_Widget_Rest {
    const KEY_META = '_article_widget_idempotency_key';
    const HASH_META = '_article_widget_request_hash';
    /** The REST routes the widget reads and posts to. */
    const WIDGET_ROUTES = '#^/wp/v2/(posts|pages|comments|categories|tags|media|users)(/|$)#';

    /** The key and request hash of the comment being created, for rest_insert_comment. */
    private static ?array $pending = null;
    /** The named lock held for the request under way. */
    private static ?string $lock = null;

    public static function init(): void {
        if (Article_Widget_Settings::get()['anonymous_comments']) {
            add_filter('rest_allow_anonymous_comments', '__return_true');
        }
        add_filter('rest_allowed_cors_headers', [self::class, 'allowed_headers']);
        add_filter('rest_exposed_cors_headers', [self::class, 'exposed_headers']);
        add_filter('rest_pre_serve_request', [self::class, 'limit_cors'], 11, 3);
        add_filter('rest_pre_dispatch', [self::class, 'before_dispatch'], 10, 3);
        add_action('rest_insert_comment', [self::class, 'remember_key'], 10, 3);
        add_filter('rest_post_dispatch', [self::class, 'after_dispatch'], 10, 3);
        add_action('shutdown', [self::class, 'release_lock']);
        add_action('rest_api_init', [self::class, 'register_field']);
    }

    // --- what the site announces --------------------------------------------

    public static function register_field(): void {
        $types = get_post_types(['show_in_rest' => true, 'public' => true]);
        unset($types['attachment']);
        register_rest_field(array_values($types), 'article_widget', [
            'get_callback' => fn () => self::announcement(),
            'schema' => [
                'description' => __('What this site offers the article widget.', 'article-widget'),
                'type' => 'object',
                'context' => ['view', 'edit', 'embed'],
                'readonly' => true,
                'properties' => [
                    'version' => ['type' => 'string'],
                    'idempotency_key' => ['type' => 'boolean'],
                    'thread_depth' => ['type' => 'integer', 'minimum' => 1],
                    'anonymous_comments' => ['type' => 'boolean'],
                ],
            ],
        ]);
    }

    /** The contract the widget reads (readme.txt, README.md "Use with WordPress"). */
    public static function announcement(): array {
        return [
            'version' => ARTICLE_WIDGET_VERSION,
            'idempotency_key' => true,
            'thread_depth' => get_option('thread_comments') ? max(1, (int) get_option('thread_comments_depth')) : 1,
            'anonymous_comments' => self::anonymous_comments_allowed(),
        ];
    }

    /** Whether a reader without an account can post a comment through REST, whoever allows it. */
    public static function anonymous_comments_allowed(): bool {
        if (get_option('comment_registration')) {
            return false;
        }
        return (bool) apply_filters('rest_allow_anonymous_comments', false, new WP_REST_Request('POST', '/wp/v2/comments'));
    }

    // --- CORS -----------------------------------------------------------------

    public static function allowed_headers(array $headers): array {
        $headers[] = 'Idempotency-Key';
        return $headers;
    }

    public static function exposed_headers(array $headers): array {
        $headers[] = 'Idempotent-Replayed';
        return $headers;
    }

    /** The request's Origin when the allowed-origins list does not let it use the widget's routes, else null. */
    private static function refused_origin(WP_REST_Request $request): ?string {
        $allowed = Article_Widget_Settings::get()['allowed_origins'];
        $origin = get_http_origin();
        if (!$allowed || !$origin || !preg_match(self::WIDGET_ROUTES, $request->get_route())) {
            return null;
        }
        $normalized = Article_Widget_Settings::normalize_origin($origin);
        $own = array_filter(array_map([Article_Widget_Settings::class, 'normalize_origin'], [home_url('/'), site_url('/')]));
        if ($normalized !== null && (in_array($normalized, $allowed, true) || in_array($normalized, $own, true))) {
            return null;
        }
        return $origin;
    }

    /**
     * After WordPress's rest_send_cors_headers (which allows any origin): take
     * the allowance back from an origin the list does not hold.
     */
    public static function limit_cors($served, $result, $request) {
        if ($request instanceof WP_REST_Request && self::refused_origin($request) !== null && !headers_sent()) {
            header_remove('Access-Control-Allow-Origin');
            header_remove('Access-Control-Allow-Credentials');
            header('Vary: Origin', false);
        }
        return $served;
    }

    // --- Idempotency-Key --------------------------------------------------------

    private static function is_comment_creation(WP_REST_Request $request): bool {
        return $request->get_method() === 'POST' && preg_match('#^/wp/v2/comments/?$#', $request->get_route()) === 1;
    }

    /**
     * Before WordPress routes the request: refuses comments posted from an
     * origin that may not embed, and answers a retry of a comment already
     * created with that comment.
     */
    public static function before_dispatch($result, $server, $request) {
        if ($result !== null || !($request instanceof WP_REST_Request)) {
            return $result;
        }
        if (!in_array($request->get_method(), ['GET', 'HEAD', 'OPTIONS'], true) && self::refused_origin($request) !== null) {
            return new WP_Error('article_widget_origin_not_allowed',
                __('This site does not allow comments from pages of that origin.', 'article-widget'), ['status' => 403]);
        }
        if (!self::is_comment_creation($request)) {
            return $result;
        }
        $key = $request->get_header('idempotency_key');
        if ($key === null) {
            return $result;
        }
        if (!preg_match('/^[\x21-\x7e]{1,255}$/', $key)) {
            return new WP_Error('article_widget_invalid_idempotency_key',
                __('The Idempotency-Key header must be 1 to 255 visible ASCII characters.', 'article-widget'), ['status' => 400]);
        }
        if (!self::lock($key)) {
            return new WP_Error('article_widget_idempotency_key_in_use',
                __('Another request with this Idempotency-Key is still being processed; retry in a moment.', 'article-widget'), ['status' => 409]);
        }
        $hash = self::request_hash($request);
        $existing = self::comment_with_key($key);
        if ($existing === null) {
            self::$pending = ['key' => $key, 'hash' => $hash];
            return $result; // WordPress creates the comment; remember_key() keeps the key with it
        }
        self::release_lock();
        if (!hash_equals((string) get_comment_meta($existing->comment_ID, self::HASH_META, true), $hash)) {
            return new WP_Error('article_widget_idempotency_key_reused',
                __('This Idempotency-Key was already used for a different comment.', 'article-widget'), ['status' => 409]);
        }
        return self::replay($existing, $request);
    }

    /**
     * What identifies one comment: its post, parent, author and text as the
     * client sent them. A retry sends the same; a changed draft does not.
     */
    private static function request_hash(WP_REST_Request $request): string {
        $content = $request->get_param('content');
        if (is_array($content)) {
            $content = $content['raw'] ?? '';
        }
        $fields = [];
        foreach (['post', 'parent', 'author', 'author_name', 'author_email', 'author_url'] as $name) {
            $value = $request->get_param($name);
            $fields[$name] = is_scalar($value) ? (string) $value : '';
        }
        $fields['content'] = is_scalar($content) ? (string) $content : '';
        return hash('sha256', wp_json_encode($fields));
    }

    private static function comment_with_key(string $key): ?WP_Comment {
        global $wpdb;
        $id = $wpdb->get_var($wpdb->prepare(
            "SELECT m.comment_id FROM {$wpdb->commentmeta} m JOIN {$wpdb->comments} c ON c.comment_ID = m.comment_id
             WHERE m.meta_key = %s AND m.meta_value = %s ORDER BY m.meta_id LIMIT 1",
            self::KEY_META, $key
        ));
        $comment = $id ? get_comment((int) $id) : null;
        return $comment instanceof WP_Comment ? $comment : null;
    }

    /**
     * The first answer again, as WordPress's create_item builds it: 201, a
     * Location, and the comment in the `edit` context for moderators only
     * (never an e-mail or IP address to anyone else).
     */
    private static function replay(WP_Comment $comment, WP_REST_Request $request) {
        $controller = new WP_REST_Comments_Controller();
        $request->set_param('context', current_user_can('moderate_comments') ? 'edit' : 'view');
        $response = rest_ensure_response($controller->prepare_item_for_response($comment, $request));
        $response->set_status(201);
        $response->header('Location', rest_url(sprintf('wp/v2/comments/%d', $comment->comment_ID)));
        $response->header('Idempotent-Replayed', 'true');
        return $response;
    }

    public static function remember_key($comment, $request, $creating): void {
        if ($creating && self::$pending !== null && $comment instanceof WP_Comment) {
            add_comment_meta($comment->comment_ID, self::KEY_META, self::$pending['key'], true);
            add_comment_meta($comment->comment_ID, self::HASH_META, self::$pending['hash'], true);
            self::$pending = null;
        }
    }

    public static function after_dispatch($response, $server, $request) {
        self::$pending = null;
        self::release_lock();
        return $response;
    }

    private static function lock(string $key): bool {
        global $wpdb;
        $name = 'article_widget_' . md5($key);
        if ((int) $wpdb->get_var($wpdb->prepare('SELECT GET_LOCK(%s, %d)', $name, 10)) !== 1) {
            return false;
        }
        self::$lock = $name;
        return true;
    }

    public static function release_lock(): void {
        global $wpdb;
        if (self::$lock !== null) {
            $wpdb->query($wpdb->prepare('SELECT RELEASE_LOCK(%s)', self::$lock));
            self::$lock = null;
        }
    }
}
