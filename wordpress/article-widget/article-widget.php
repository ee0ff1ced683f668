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

Article_Widget_Settings::init();
Article_Widget_Embed::init();
Article_Widget_Rest::init();

register_activation_hook(__FILE__, ['Article_Widget_Settings', 'activate']);
