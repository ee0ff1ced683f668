<?php
/*
 * Plugin Name: Anonymous REST comments (article-widget tests)
 * Description: The least a WordPress needs for readers to comment through the REST API without an account — what the article-widget plugin's setting adds, here without the plugin. Installed by scripts/wordpress.sh start --anonymous-filter.
 */
add_filter('rest_allow_anonymous_comments', '__return_true');
