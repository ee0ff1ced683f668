<?php
/*
 * Router for PHP's built-in server in front of Debian's WordPress
 * (scripts/wordpress.sh start): what Apache's rewrite rules do for a real
 * site. Files of WordPress are served as they are, PHP scripts are run, and
 * every other path goes to WordPress's front controller, which gives pretty
 * permalinks and /wp-json/. /wp-content/ comes from the instance's own
 * directory (plugins, uploads), never from the system's.
 *
 * This file runs in the global scope of every request, before WordPress:
 * its variables are prefixed so as not to meet WordPress's globals.
 */

// Selects /etc/wordpress/config-article-widget-test.php in Debian's wp-config.php.
$_SERVER['WORDPRESS_CONFIG'] = 'article-widget-test';

$aw_router_root = rtrim($_SERVER['DOCUMENT_ROOT'], '/');
$aw_router_path = rawurldecode((string) parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH));

if (str_contains($aw_router_path, "\0") || preg_match('#(^|/)\.\.(/|$)#', $aw_router_path)) {
    http_response_code(400);
    return true;
}

if (str_starts_with($aw_router_path, '/wp-content/')) {
    $aw_router_file = getenv('AW_WP_RUN') . $aw_router_path;
    $aw_router_types = [
        'js' => 'text/javascript; charset=utf-8', 'mjs' => 'text/javascript; charset=utf-8',
        'css' => 'text/css; charset=utf-8', 'wasm' => 'application/wasm', 'json' => 'application/json',
        'svg' => 'image/svg+xml', 'png' => 'image/png', 'jpg' => 'image/jpeg', 'jpeg' => 'image/jpeg',
        'webp' => 'image/webp', 'gif' => 'image/gif', 'woff2' => 'font/woff2', 'woff' => 'font/woff',
        'txt' => 'text/plain; charset=utf-8', 'html' => 'text/html; charset=utf-8',
    ];
    $aw_router_ext = strtolower(pathinfo($aw_router_file, PATHINFO_EXTENSION));
    if (!is_file($aw_router_file) || !isset($aw_router_types[$aw_router_ext])) {
        http_response_code(404);
        header('Content-Type: text/plain');
        echo "not found\n";
        return true;
    }
    header('Content-Type: ' . $aw_router_types[$aw_router_ext]);
    header('Content-Length: ' . filesize($aw_router_file));
    // As a site's web server is told to for the widget's files (the plugin's
    // .htaccess says so to Apache): partner pages load them as module scripts.
    if (str_contains($aw_router_path, '/plugins/article-widget/widget/')) {
        header('Access-Control-Allow-Origin: *');
    }
    if ($_SERVER['REQUEST_METHOD'] !== 'HEAD') {
        readfile($aw_router_file);
    }
    return true;
}

$aw_router_file = $aw_router_root . $aw_router_path;
if (is_dir($aw_router_file)) {
    if (!str_ends_with($aw_router_path, '/')) {
        $aw_router_query = parse_url($_SERVER['REQUEST_URI'], PHP_URL_QUERY);
        header('Location: ' . $aw_router_path . '/' . ($aw_router_query ? '?' . $aw_router_query : ''), true, 301);
        return true;
    }
    $aw_router_file .= 'index.php';
    $aw_router_path .= 'index.php';
}
if (is_file($aw_router_file) && !str_ends_with($aw_router_file, '.php')) {
    return false; // a static file of WordPress: the built-in server sends it
}
if (!is_file($aw_router_file)) {
    // WordPress's front controller: permalinks, feeds, /wp-json/, 404 pages.
    $aw_router_file = $aw_router_root . '/index.php';
    $aw_router_path = '/index.php';
}
$_SERVER['SCRIPT_NAME'] = $aw_router_path;
$_SERVER['PHP_SELF'] = $aw_router_path;
$_SERVER['SCRIPT_FILENAME'] = $aw_router_file;
chdir(dirname($aw_router_file));
unset($aw_router_root, $aw_router_path, $aw_router_types, $aw_router_ext, $aw_router_query);
require $aw_router_file;
return true;
