<?php
/*
 * Loads a test instance's WordPress in a PHP command-line script
 * (scripts/wordpress/seed.php, scripts/wordpress/eval.php), as a request to
 * that instance would: the same configuration (AW_WP_RUN), the same host, so
 * that home_url() and every link are the site's own.
 */
$aw_wp_url = getenv('AW_WP_URL');
if (!getenv('AW_WP_RUN') || !$aw_wp_url) {
    fwrite(STDERR, "AW_WP_RUN and AW_WP_URL must name a running test instance (scripts/wordpress.sh start)\n");
    exit(2);
}
$aw_wp_parts = parse_url($aw_wp_url);
$_SERVER['WORDPRESS_CONFIG'] = 'article-widget-test';
$_SERVER['HTTP_HOST'] = $aw_wp_parts['host'] . (isset($aw_wp_parts['port']) ? ':' . $aw_wp_parts['port'] : '');
$_SERVER['SERVER_NAME'] = $aw_wp_parts['host'];
$_SERVER['SERVER_PORT'] = (string) ($aw_wp_parts['port'] ?? 80);
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['REMOTE_ADDR'] = '127.0.0.1';
unset($aw_wp_parts);

require_once '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-admin/includes/image.php';
require_once ABSPATH . 'wp-admin/includes/media.php';
require_once ABSPATH . 'wp-admin/includes/taxonomy.php';
