<?php
/*
 * article-widget test WordPress: installed by scripts/wordpress.sh of the
 * article-widget project as /etc/wordpress/config-article-widget-test.php.
 *
 * Debian's wp-config.php loads it for requests that set WORDPRESS_CONFIG to
 * "article-widget-test": only the router and the PHP scripts of that project
 * do, for the test instances it starts. Their processes carry AW_WP_RUN, the
 * instance's run directory, whose settings.php holds its database and paths.
 * A real site on this machine never selects this file.
 */
$aw_wp_run = getenv('AW_WP_RUN');
if (!is_string($aw_wp_run) || $aw_wp_run === '' || !is_file($aw_wp_run . '/settings.php')) {
    header('HTTP/1.0 404 Not Found');
    echo 'No article-widget test WordPress is running here (AW_WP_RUN is not set).';
    exit(1);
}
require $aw_wp_run . '/settings.php';
