//! Sorting an entry into a kind of work by the words it uses, so a summary can say where the
//! time went. The kinds follow the work the articles describe (platform administration,
//! campaign builds, data and reporting, integrations, lead management, strategy,
//! procurement, privacy, fixes, enablement); the first kind word in an entry wins, and an
//! entry with none is "other work".

/// A kind of work with the word stems that point to it.
struct Kind {
    label: &'static str,
    stems: &'static [&'static str],
}

const KINDS: &[Kind] = &[
    Kind {
        label: "Platform admin",
        stems: &[
            "admin",
            "salesforce",
            "sfdc",
            "marketo",
            "hubspot",
            "pardot",
            "eloqua",
            "crm",
            "permission",
            "field",
            "picklist",
            "instance",
            "user access",
            "license",
            "licence",
        ],
    },
    Kind {
        label: "Campaign builds",
        stems: &[
            "campaign",
            "email",
            "webinar",
            "event",
            "landing",
            "form",
            "list",
            "import",
            "send",
            "newsletter",
            "launch",
            "template",
            "nurture",
            "program",
        ],
    },
    Kind {
        label: "Data & reporting",
        stems: &[
            "report",
            "dashboard",
            "data",
            "attribution",
            "analytic",
            "metric",
            "kpi",
            "pivot",
            "dedup",
            "duplicate",
            "cleanup",
            "clean up",
            "enrich",
            "forecast",
            "numbers",
        ],
    },
    Kind {
        label: "Integrations & tech stack",
        stems: &[
            "integrat",
            "sync",
            "api",
            "zapier",
            "migrat",
            "tool",
            "stack",
            "implement",
            "connector",
            "webhook",
            "workflow",
            "automation",
        ],
    },
    Kind {
        label: "Lead management",
        stems: &[
            "lead",
            "routing",
            "scoring",
            "lifecycle",
            "mql",
            "handoff",
            "assignment",
        ],
    },
    Kind {
        label: "Strategy & planning",
        stems: &[
            "strateg", "plan", "roadmap", "process", "okr", "budget", "proposal", "redesign",
            "vision", "audit",
        ],
    },
    Kind {
        label: "Procurement & vendors",
        stems: &[
            "procure", "contract", "renewal", "vendor", "purchas", "invoice", "negotiat", "rfp",
        ],
    },
    Kind {
        label: "Privacy & compliance",
        stems: &[
            "privacy", "gdpr", "ccpa", "consent", "legal", "complian", "opt-out", "opt out",
        ],
    },
    Kind {
        label: "Fixes & support",
        stems: &[
            "fix",
            "bug",
            "broken",
            "troubleshoot",
            "ticket",
            "support",
            "help",
            "issue",
            "error",
            "debug",
            "firefight",
        ],
    },
    Kind {
        label: "Training & enablement",
        stems: &[
            "train",
            "onboard",
            "enablement",
            "document",
            "docs",
            "teach",
            "mentor",
        ],
    },
];

pub const OTHER: &str = "Other work";

/// The kind of work `what` describes.
pub fn kind_of(what: &str) -> &'static str {
    let text = format!(" {} ", what.to_lowercase());
    let mut best: Option<(usize, &'static str)> = None;
    for kind in KINDS {
        for stem in kind.stems {
            // Stems match at the start of a word: "fix" in "fixed", never in "prefix".
            let needle = format!(" {stem}");
            let found = text
                .match_indices(&needle)
                .map(|(at, _)| at)
                .chain(text.match_indices(&format!("/{stem}")).map(|(at, _)| at))
                .min();
            if let Some(at) = found {
                if best.is_none_or(|(b, _)| at < b) {
                    best = Some((at, kind.label));
                }
            }
        }
    }
    best.map_or(OTHER, |(_, label)| label)
}

/// Teams whose requests are part of a marketing-operations role; anything else asked for
/// by another team counts as outside it.
pub fn inside_role(team: &str) -> bool {
    matches!(
        team,
        "marketing"
            | "mops"
            | "marketing ops"
            | "marketing operations"
            | "me"
            | "myself"
            | "us"
            | "my team"
            | "our team"
            | "team"
            | "mo"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_sorted_by_their_first_kind_word() {
        assert_eq!(kind_of("salesforce admin"), "Platform admin");
        assert_eq!(kind_of("fixed the webinar sync"), "Fixes & support");
        assert_eq!(
            kind_of("Built the Q3 attribution dashboard"),
            "Data & reporting"
        );
        assert_eq!(kind_of("lead routing rules"), "Lead management");
        assert_eq!(
            kind_of("renewal call with the MAP vendor"),
            "Procurement & vendors"
        );
        assert_eq!(kind_of("GDPR consent review"), "Privacy & compliance");
        assert_eq!(
            kind_of("prefixes and suffixes"),
            OTHER,
            "stems match word starts only"
        );
        assert_eq!(kind_of("coffee"), OTHER);
    }

    #[test]
    fn other_teams_are_outside_the_role() {
        assert!(inside_role("marketing"));
        assert!(!inside_role("sales"));
        assert!(!inside_role("it"));
    }
}
