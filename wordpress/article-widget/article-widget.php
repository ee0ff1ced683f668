<?php
/**
 * Plugin Name:       Article Widget
 * Description:       Shows your posts in the embeddable article widget — on your own pages (shortcode, or in place of the theme's comments) and on partner sites that embed them — with their WordPress comment threads, and makes posting comments through the REST API safe to retry.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      8.0
 * Author:            article-widget contributors
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       article-widget
 * Domain Path:       /languages
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version. The widget's own files in widget/ are MIT OR Apache-2.0
 * (as the article-widget project), used here under the MIT licence, which is
 * compatible with the GPL.
 */

// Loaded by WordPress only: never run on its own.
defined('ABSPATH') || exit;

const ARTICLE_WIDGET_VERSION = '0.1.0';
const ARTICLE_WIDGET_FILE = __FILE__;

require_once __DIR__ . '/includes/settings.php';
require_once __DIR__ . '/includes/embed.php';
require_once __DIR__ . '/includes/rest.php';
require_once __DIR__ . '/includes/block.php';

// The plugin's own strings in the admin's language (languages/: the .po
// source and the .mo scripts/wordpress-plugin-zip.sh builds from it); a
// translation in WP_LANG_DIR/plugins/ wins, as WordPress arranges.
add_action('init', fn () => load_plugin_textdomain('article-widget', false, dirname(plugin_basename(__FILE__)) . '/languages'));

Article_Widget_Settings::init();
Article_Widget_Embed::init();
Article_Widget_Rest::init();
Article_Widget_Block::init();

register_activation_hook(__FILE__, ['Article_Widget_Settings', 'activate']);
