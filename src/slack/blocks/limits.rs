//! Slack's Block Kit limits, checked over any list of blocks (a message, a Home tab, a
//! modal): counts, text lengths, ids, and the options and fields of modal inputs.

use std::collections::HashSet;

use super::*;

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The characters of text a block shows.
fn text_len(block: &Block) -> usize {
    match block {
        Block::Header { text } | Block::Section { text, .. } => chars(text.as_str()),
        Block::Context { elements } => elements.iter().map(|t| chars(t.as_str())).sum(),
        Block::Divider {} | Block::Actions { .. } | Block::ContextActions { .. } => 0,
        Block::Input(input) => chars(input.label.as_str()),
    }
}

/// Lists every way `blocks` break Slack's limits for a surface holding at most `max_blocks`.
pub fn limit_violations(blocks: &[Block], max_blocks: usize) -> Vec<String> {
    let mut out = Vec::new();
    if blocks.len() > max_blocks {
        out.push(format!(
            "{} blocks, the limit is {max_blocks}",
            blocks.len()
        ));
    }
    let total: usize = blocks.iter().map(text_len).sum();
    if max_blocks == MAX_MESSAGE_BLOCKS && total > MAX_MESSAGE_BLOCK_TEXT {
        out.push(format!(
            "{total} characters of block text, the limit is {MAX_MESSAGE_BLOCK_TEXT}"
        ));
    }
    let mut block_ids = HashSet::new();
    for (i, block) in blocks.iter().enumerate() {
        let mut out = Checker { out: &mut out, i };
        match block {
            Block::Header { text } => {
                out.len("header", text.as_str(), 1, MAX_HEADER_TEXT);
                if !matches!(text, Text::Plain { .. }) {
                    out.push("header text must be plain_text");
                }
            }
            Block::Section { text, accessory } => {
                out.len("section", text.as_str(), 1, MAX_SECTION_TEXT);
                if let Some(el) = accessory {
                    out.button(el);
                }
            }
            Block::Divider {} => {}
            Block::Context { elements } => {
                out.count("context", elements.len(), MAX_CONTEXT_ELEMENTS);
                for t in elements {
                    out.len("context", t.as_str(), 1, MAX_SECTION_TEXT);
                }
            }
            Block::Actions { block_id, elements } => {
                out.count("actions", elements.len(), MAX_ACTIONS_ELEMENTS);
                if let Some(id) = block_id {
                    out.len("block_id", id, 1, MAX_ID);
                }
                let mut seen = HashSet::new();
                for el in elements {
                    let Element::Button { action_id, .. } = el;
                    if !seen.insert(action_id) {
                        out.push(&format!("action_id {action_id} repeats"));
                    }
                    out.button(el);
                }
            }
            Block::ContextActions { elements } => {
                out.count("context_actions", elements.len(), MAX_CONTEXT_ACTIONS);
                for ContextAction::FeedbackButtons {
                    action_id,
                    positive_button,
                    negative_button,
                } in elements
                {
                    out.len("action_id", action_id, 1, MAX_ID);
                    for side in [positive_button, negative_button] {
                        out.len("feedback text", side.text.as_str(), 1, MAX_BUTTON_TEXT);
                        out.len("feedback value", &side.value, 1, MAX_BUTTON_VALUE);
                        if let Some(label) = &side.accessibility_label {
                            out.len("accessibility_label", label, 1, MAX_BUTTON_TEXT);
                        }
                    }
                }
            }
            Block::Input(input) => {
                out.len("input label", input.label.as_str(), 1, MAX_LABEL);
                out.len("block_id", &input.block_id, 1, MAX_ID);
                if !block_ids.insert(input.block_id.as_str()) {
                    out.push(&format!("block_id {} repeats", input.block_id));
                }
                if let Some(hint) = &input.hint {
                    out.len("input hint", hint.as_str(), 1, MAX_LABEL);
                }
                out.input(&input.element);
            }
        }
    }
    out
}

/// Collects the problems of block `i`.
struct Checker<'a> {
    out: &'a mut Vec<String>,
    i: usize,
}

impl Checker<'_> {
    fn push(&mut self, problem: &str) {
        self.out.push(format!("block {}: {problem}", self.i));
    }

    fn len(&mut self, what: &str, text: &str, min: usize, max: usize) {
        let n = chars(text);
        if n < min || n > max {
            self.push(&format!(
                "{what} has {n} characters, allowed {min} to {max}"
            ));
        }
    }

    fn count(&mut self, what: &str, n: usize, max: usize) {
        if n == 0 || n > max {
            self.push(&format!("{what} has {n} elements"));
        }
    }

    fn button(&mut self, el: &Element) {
        let Element::Button {
            text,
            action_id,
            value,
            ..
        } = el;
        self.len("button text", text.as_str(), 1, MAX_BUTTON_TEXT);
        self.len("action_id", action_id, 1, MAX_ID);
        if let Some(v) = value {
            self.len("button value", v, 1, MAX_BUTTON_VALUE);
        }
    }

    fn input(&mut self, element: &InputElement) {
        self.len("action_id", element.action_id(), 1, MAX_ID);
        if matches!(
            element,
            InputElement::StaticSelect { .. } | InputElement::RadioButtons { .. }
        ) {
            self.count("options", element.choices().len(), MAX_OPTIONS);
        }
        for choice in element.choices() {
            self.len("option text", choice.text.as_str(), 1, MAX_OPTION_TEXT);
            self.len("option value", &choice.value, 1, MAX_OPTION_VALUE);
        }
        if let InputElement::PlainTextInput {
            initial_value: Some(v),
            ..
        } = element
        {
            self.len("initial value", v, 0, MAX_SECTION_TEXT);
        }
    }
}
