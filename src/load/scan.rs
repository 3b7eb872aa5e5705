//! A streaming pass over the YAML events that enforces the parse budgets
//! before anything is deserialized.
//!
//! The deserializer enforces budgets too, but only while it builds the model.
//! A few aliases that each replay a large anchored node would first cost time
//! and memory in proportion to the expanded size. This pass keeps one counter
//! per open container and one size per anchor, so it stops such input after
//! reading the text once.

use std::collections::HashMap;

use serde_saphyr::granit_parser::{Event, Parser, Span};

use super::Budgets;

/// A budget that the file exceeds, and where.
#[derive(Debug)]
pub struct Breach {
    /// Byte offset and length of the node where the limit was passed.
    pub offset: usize,
    pub len: usize,
    pub message: String,
    pub help: String,
}

/// Checks node count (counting each alias as the nodes it stands for), nesting
/// depth and alias count. A syntax error ends the pass without a breach: the
/// deserializer reports it with its own message.
pub fn check(text: &str, budgets: &Budgets) -> Option<Breach> {
    let mut nodes: u64 = 0;
    let mut aliases: usize = 0;
    // The open containers: the anchor they define (0 for none) and the node
    // count when they started.
    let mut open: Vec<(usize, u64)> = Vec::new();
    let mut anchor_sizes: HashMap<usize, u64> = HashMap::new();
    let max_nodes = budgets.max_nodes as u64;

    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else {
            return None;
        };
        match event {
            Event::Scalar(_, _, anchor, _) => {
                nodes += 1;
                if anchor != 0 {
                    anchor_sizes.insert(anchor, 1);
                }
            }
            Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _) => {
                nodes += 1;
                open.push((anchor, nodes - 1));
                if open.len() > budgets.max_depth {
                    return Some(depth_breach(text, &span, budgets));
                }
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((anchor, start)) = open.pop() {
                    if anchor != 0 {
                        anchor_sizes.insert(anchor, nodes - start);
                    }
                }
            }
            Event::Alias(anchor) => {
                aliases += 1;
                if aliases > budgets.max_aliases {
                    return Some(alias_count_breach(text, &span, budgets));
                }
                // An alias to a node that is still open (a recursive alias) has
                // no size yet, and the deserializer rejects it.
                nodes = nodes.saturating_add(anchor_sizes.get(&anchor).copied().unwrap_or(1));
                if nodes > max_nodes {
                    return Some(alias_nodes_breach(text, &span, budgets));
                }
            }
            _ => {}
        }
        if nodes > max_nodes {
            return Some(node_breach(text, &span, budgets));
        }
    }
    None
}

fn depth_breach(text: &str, span: &Span, budgets: &Budgets) -> Breach {
    let (offset, len) = place(text, span);
    Breach {
        offset,
        len,
        message: format!("nesting deeper than {} levels", budgets.max_depth),
        help: "a topology needs only a few levels; check the brackets and indentation, \
               or raise the limit with --max-depth if the file is genuine"
            .into(),
    }
}

fn alias_count_breach(text: &str, span: &Span, budgets: &Budgets) -> Breach {
    let (offset, len) = place(text, span);
    Breach {
        offset,
        len,
        message: format!("more than {} aliases", budgets.max_aliases),
        help: "write the repeated values out, or raise the limit with --max-aliases \
               if the file is genuine"
            .into(),
    }
}

fn alias_nodes_breach(text: &str, span: &Span, budgets: &Budgets) -> Breach {
    let (offset, len) = place(text, span);
    Breach {
        offset,
        len,
        message: format!(
            "aliases expand to more than {} YAML nodes",
            budgets.max_nodes
        ),
        help: "write the repeated values out, or raise the limit with --max-nodes \
               if the file is genuine"
            .into(),
    }
}

fn node_breach(text: &str, span: &Span, budgets: &Budgets) -> Breach {
    let (offset, len) = place(text, span);
    Breach {
        offset,
        len,
        message: format!("more than {} YAML nodes", budgets.max_nodes),
        help: "split the topology into several files, or raise the limit with --max-nodes".into(),
    }
}

/// Byte offset and length of an event's span, clamped to the text.
fn place(text: &str, span: &Span) -> (usize, usize) {
    let offset_of = |marker: &serde_saphyr::granit_parser::Marker| {
        marker
            .byte_offset()
            .unwrap_or_else(|| crate::source::offset_of(text, marker.line(), marker.col() + 1))
    };
    let start = offset_of(&span.start).min(text.len());
    let end = offset_of(&span.end).clamp(start, text.len());
    // A container's span can cover many lines, so only its first line is marked.
    let line_end = text[start..end].find('\n').map_or(end, |i| start + i);
    (start, line_end - start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Budgets {
        Budgets {
            max_file_bytes: 1 << 20,
            max_nodes: 100,
            max_depth: 4,
            max_aliases: 5,
        }
    }

    #[test]
    fn accepts_a_small_file() {
        let text = "a: &x [1, 2]\nb: *x\nc: {d: [e]}\n";
        assert!(check(text, &small()).is_none());
    }

    #[test]
    fn counts_alias_expansions_as_nodes() {
        let mut text = String::from("a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n");
        text.push_str("b: &b [*a, *a, *a, *a, *a]\n");
        text.push_str("c: [*b, *b]\n");
        let budgets = Budgets {
            max_aliases: 10,
            ..small()
        };
        let breach = check(&text, &budgets).expect("a breach");
        assert!(
            breach.message.contains("aliases expand"),
            "{}",
            breach.message
        );
        assert_eq!(&text[breach.offset..breach.offset + breach.len], "*b");
    }

    #[test]
    fn stops_deep_nesting() {
        let text = "a: [[[[[1]]]]]\n";
        let breach = check(text, &small()).expect("a breach");
        assert_eq!(breach.message, "nesting deeper than 4 levels");
        assert_eq!(breach.offset, 6);
    }

    #[test]
    fn stops_many_aliases() {
        let text = "a: &a 1\nb: [*a, *a, *a, *a, *a, *a]\n";
        let breach = check(text, &small()).expect("a breach");
        assert_eq!(breach.message, "more than 5 aliases");
    }

    #[test]
    fn leaves_syntax_errors_to_the_parser() {
        assert!(check("a: [1, 2\n", &small()).is_none());
    }
}
