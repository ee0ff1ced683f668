//! Feed parsing benchmark, natively (not a test): a podcast feed of about
//! 1.6 MB in the shape podcast hosts publish (long show notes in both
//! `description` and `content:encoded`, an `enclosure`, `itunes:*` on every
//! item), read into stories many times; prints the median and the spread.
//!
//!   cargo run --release -p article-widget-core --example feed_bench

use std::time::Instant;

use article_widget_core::{feed, xml};

/// A podcast feed of `items` episodes, the same every run.
fn podcast(items: usize) -> String {
    let notes = "<p>Dans cet épisode, nous recevons une invitée qui revient sur vingt ans de reportage \
        au Sahel, des rédactions de Niamey aux marchés de Gao. <strong>Au programme</strong> : \
        la radio communautaire, les élections, l’eau, et ce qui change quand une base ferme.</p>\
        <ul><li>00:00 Introduction</li><li>04:12 Les débuts</li><li>18:40 La radio</li>\
        <li>31:05 Questions des auditeurs &amp; réponses</li></ul>\
        <p>Liens : <a href=\"https://podcast.example/liens?ep=1&amp;s=2\">les sources</a>, \
        <a href=\"https://podcast.example/transcription\">la transcription</a>.</p>";
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>Le Fleuve, le podcast</title>
<link>https://podcast.example/</link>
<atom:link href="https://podcast.example/feed.xml" rel="self" type="application/rss+xml"/>
<language>fr</language>
<itunes:author>Le Journal du Fleuve</itunes:author>
<itunes:image href="https://podcast.example/cover-3000.jpg"/>
<itunes:category text="News"><itunes:category text="Politics"/></itunes:category>
"#,
    );
    for n in 0..items {
        out.push_str(&format!(
            r#"<item>
<title>Épisode {n} : la radio au bord du fleuve</title>
<link>https://podcast.example/episodes/{n}</link>
<guid isPermaLink="false">podcast-example-{n:06}</guid>
<pubDate>Thu, {day:02} Apr 2024 06:00:00 +0000</pubDate>
<description><![CDATA[{notes}]]></description>
<content:encoded><![CDATA[{notes}{notes}]]></content:encoded>
<enclosure url="https://cdn.podcast.example/audio/{n}.mp3" length="48213344" type="audio/mpeg"/>
<itunes:duration>00:52:{sec:02}</itunes:duration>
<itunes:episode>{n}</itunes:episode>
<itunes:explicit>false</itunes:explicit>
<itunes:summary>Vingt ans de reportage au Sahel, la radio communautaire et l’eau.</itunes:summary>
</item>
"#,
            day = 1 + n % 28,
            sec = n % 60
        ));
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

/// Median, fastest and slowest of `runs` timings of `work`, in ms.
fn time(runs: usize, mut work: impl FnMut()) -> (f64, f64, f64) {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[runs / 2], times[0], times[runs - 1])
}

fn main() {
    let text = podcast(700);
    let base = "https://podcast.example/feed.xml";
    let runs = 25;
    let count = feed::from_xml(&text, base).expect("a valid feed").len();
    println!("| podcast feed, {} bytes, {count} stories | median ms | min ms | max ms | runs |", text.len());
    println!("|---|---|---|---|---|");
    let rows: [(&str, &mut dyn FnMut()); 2] = [
        ("XML read into elements", &mut || drop(xml::parse(&text).expect("well-formed"))),
        ("stories (XML read, items picked)", &mut || drop(feed::from_xml(&text, base).expect("a valid feed"))),
    ];
    for (what, work) in rows {
        let (median, min, max) = time(runs, work);
        println!("| {what} | {median:.1} | {min:.1} | {max:.1} | {runs} |");
    }
}
