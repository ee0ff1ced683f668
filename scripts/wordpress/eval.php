<?php
/*
 * Runs PHP code read from standard input inside a test instance's WordPress
 * (e2e/wordpress.mjs uses it to change settings, activate plugins, read what
 * WordPress stored): AW_WP_RUN=… AW_WP_URL=… php eval.php < code.php
 * The code is a function body; what it returns is printed as JSON.
 */
require __DIR__ . '/bootstrap.php';
$aw_eval_code = stream_get_contents(STDIN);
$aw_eval_result = (function () use ($aw_eval_code) {
    return eval($aw_eval_code);
})();
echo json_encode($aw_eval_result, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
