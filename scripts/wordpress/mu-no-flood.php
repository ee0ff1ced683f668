<?php
/*
 * Plugin Name: No comment flood check (article-widget tests)
 * Description: Every test comment comes from 127.0.0.1, and WordPress refuses a second comment from one address within 15 seconds. Tests that post many comments turn that check off (scripts/wordpress.sh start --no-flood); the flood test itself keeps it.
 */
remove_action('check_comment_flood', 'check_comment_flood_db', 10);
