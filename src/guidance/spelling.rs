//! One spelling for everything the bot says: US English. A short list of British forms that
//! slip into writing, each with its US form; matched as whole words, so no US word is caught.
//! Keywords are exempt: they list what people type, in whatever spelling they use.

/// British form and the US form to write instead.
const BRITISH: &[(&str, &str)] = &[
    ("analyse", "analyze"),
    ("behaviour", "behavior"),
    ("catalogue", "catalog"),
    ("centre", "center"),
    ("colour", "color"),
    ("defence", "defense"),
    ("favour", "favor"),
    ("favourite", "favorite"),
    ("judgement", "judgment"),
    ("labour", "labor"),
    ("learnt", "learned"),
    ("licence", "license"),
    ("licences", "licenses"),
    ("organisation", "organization"),
    ("organise", "organize"),
    ("organised", "organized"),
    ("practise", "practice"),
    ("prioritise", "prioritize"),
    ("prioritised", "prioritized"),
    ("programme", "program"),
    ("realise", "realize"),
    ("recognise", "recognize"),
    ("recognised", "recognized"),
    ("relabelled", "relabeled"),
    ("specialise", "specialize"),
    ("specialised", "specialized"),
    ("summarise", "summarize"),
    ("towards", "toward"),
    ("whilst", "while"),
];

/// The first British spelling in `text`, with its US form.
pub fn british_word(text: &str) -> Option<(&'static str, &'static str)> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .find_map(|w| {
            let lower = w.to_lowercase();
            BRITISH.iter().find(|(uk, _)| *uk == lower).copied()
        })
}

/// The message `check` gives for a British spelling.
pub fn message((uk, us): (&str, &str)) -> String {
    format!("write US English: {us:?}, not {uk:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn british_forms_are_found_as_whole_words_only() {
        assert_eq!(
            british_word("Agree how requests get Prioritised."),
            Some(("prioritised", "prioritized"))
        );
        assert_eq!(british_word("walk towards it"), Some(("towards", "toward")));
        assert_eq!(british_word("prioritized toward licenses"), None);
        assert_eq!(british_word("the centrepiece"), None, "whole words only");
    }
}
