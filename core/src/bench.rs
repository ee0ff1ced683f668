//! Synthetic candidates for the ranking benchmarks (`cargo run --features
//! bench --example rank_bench` natively, `tests/bench_rank.rs` in the
//! browser). Only compiled with the `bench` feature: nothing that ships or
//! serves needs it.

use crate::feed::Story;
use crate::time::Timestamp;

/// Synthetic candidates for the ranking benchmarks (native and in the
/// browser): deterministic, news-like titles, excerpts and categories.
pub fn synthetic_stories(n: usize) -> Vec<Story> {
    const WORDS: &[&str] = &[
        "niger",
        "mali",
        "burkina",
        "sahel",
        "niamey",
        "bamako",
        "agadez",
        "armée",
        "soldats",
        "américains",
        "français",
        "russie",
        "coopération",
        "militaire",
        "accord",
        "retrait",
        "drones",
        "base",
        "junte",
        "élections",
        "économie",
        "cacao",
        "coton",
        "pétrole",
        "uranium",
        "énergie",
        "solaire",
        "football",
        "championnat",
        "coupe",
        "musique",
        "festival",
        "cinéma",
        "livre",
        "santé",
        "vaccin",
        "paludisme",
        "école",
        "université",
        "climat",
        "sécheresse",
        "pluie",
        "récolte",
        "marché",
        "prix",
        "banque",
        "monnaie",
        "route",
        "chemin",
        "fer",
        "port",
        "aéroport",
        "frontière",
        "sécurité",
        "attaque",
        "djihadistes",
        "otages",
        "diplomatie",
        "ambassade",
        "ministre",
        "président",
        "gouvernement",
        "parlement",
        "réforme",
        "budget",
        "dette",
        "investissement",
        "chine",
        "turquie",
        "inde",
        "europe",
        "washington",
        "paris",
        "moscou",
        "abidjan",
        "dakar",
        "lomé",
        "cotonou",
        "accra",
        "lagos",
        "tchad",
        "mauritanie",
        "sénégal",
        "guinée",
        "togo",
        "bénin",
        "ghana",
        "nigeria",
        "cameroun",
        "gabon",
    ];
    const CATEGORIES: &[&str] =
        &["sécurité", "économie", "sport", "culture", "santé", "diplomatie", "environnement", "technologie"];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |m: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m as u64) as usize
    };
    (0..n)
        .map(|i| {
            let mut words = |count: usize| (0..count).map(|_| WORDS[next(WORDS.len())]).collect::<Vec<_>>().join(" ");
            let title = words(8);
            let excerpt = words(24);
            Story {
                id: format!("s{i}"),
                title,
                url: format!("https://news.example/story/{i}"),
                image: None,
                image_alt: None,
                published_at: Timestamp::parse(&format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28)),
                category: Some(CATEGORIES[i % CATEGORIES.len()].to_owned()),
                excerpt: Some(excerpt),
            }
        })
        .collect()
}
