<?php
/*
 * Removes what the plugin stored when a site owner deletes it: its settings
 * and the Idempotency-Key it kept with each comment. The comments stay.
 */
defined('WP_UNINSTALL_PLUGIN') || exit;

delete_option('article_widget');
delete_metadata('comment', 0, '_article_widget_idempotency_key', '', true);
delete_metadata('comment', 0, '_article_widget_request_hash', '', true);
