//! Graphical diagnostics with source snippets, rendered by miette.

use std::fmt;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use super::snippet::{on_long_line, IndexedSource};

use crate::engine::Outcome;
use crate::finding::{Finding, Label, Severity};
use crate::source::{FileId, Sources};

/// Renders every finding, then the summary line.
pub fn render(outcome: &Outcome, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut out = String::new();
    for finding in &outcome.findings {
        let view = FindingView::new(finding, &outcome.sources);
        if handler.render_report(&mut out, &view).is_err() {
            out.push_str(&finding.message);
            out.push('\n');
        }
        push_paths(&mut out, finding);
        // One blank line between diagnostics, whatever miette ended with.
        while out.ends_with('\n') {
            out.pop();
        }
        out.push_str("\n\n");
    }
    out.push_str(&super::summary(outcome));
    out.push('\n');
    out
}

/// Appends the paths a reachability finding tried, one line each, under the diagnostic.
fn push_paths(out: &mut String, finding: &Finding) {
    if finding.path.is_empty() {
        return;
    }
    // Drop the blank line miette leaves after a diagnostic, so the block stays attached.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out.push_str("  path tried (routes and DNS only; NSGs and firewall rules are not modelled):\n");
    for line in &finding.path {
        out.push_str("    ");
        out.push_str(line);
        out.push('\n');
    }
}

/// A finding seen from one file: the labels that fall in it.
struct FindingView<'a> {
    finding: &'a Finding,
    message: String,
    severity: Severity,
    source: IndexedSource,
    labels: Vec<(&'a Label, bool)>,
    related: Vec<FindingView<'a>>,
    help: Option<String>,
}

impl<'a> FindingView<'a> {
    fn new(finding: &'a Finding, sources: &Sources) -> Self {
        let file = finding.primary.loc.file;
        let mut labels = vec![(&finding.primary, true)];
        let mut others: Vec<FileId> = Vec::new();
        // A label far from the primary one gets a view of its own: one snippet
        // would show every line between them, and one window of a long line
        // cannot show two places at all.
        let mut alone: Vec<&Label> = Vec::new();
        for label in &finding.related {
            if label.loc.file != file {
                if !others.contains(&label.loc.file) {
                    others.push(label.loc.file);
                }
            } else if !sources.is_empty() && apart(sources, &finding.primary, label) {
                alone.push(label);
            } else {
                labels.push((label, false));
            }
        }
        let mut related: Vec<FindingView> = others
            .into_iter()
            .map(|other| Self::elsewhere(finding, other, sources))
            .collect();
        related.extend(
            alone
                .into_iter()
                .map(|label| Self::single(finding, label, sources)),
        );
        FindingView {
            finding,
            message: finding.message.clone(),
            severity: finding.severity,
            source: named(sources, file),
            labels,
            related,
            help: help_with_origin(finding, sources),
        }
    }

    /// Builds the view of a finding's related labels that fall in another file.
    fn elsewhere(finding: &'a Finding, file: FileId, sources: &Sources) -> Self {
        let labels: Vec<(&Label, bool)> = finding
            .related
            .iter()
            .filter(|l| l.loc.file == file)
            .map(|l| (l, false))
            .collect();
        let texts: Vec<&str> = labels
            .iter()
            .map(|(l, _)| l.text.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        let message = match texts.as_slice() {
            [] => format!("related place in {}", sources.get(file).path.display()),
            _ => format!("related: {}", texts.join("; ")),
        };
        FindingView {
            finding,
            message,
            severity: Severity::Info,
            source: named(sources, file),
            labels,
            related: Vec::new(),
            help: None,
        }
    }
}

/// Returns the help, followed in a plan or template by the resource and JSON
/// pointer of the primary label. Lines of such files are often too long to
/// show, and under the help the two stay before any related snippet.
fn help_with_origin(finding: &Finding, sources: &Sources) -> Option<String> {
    let origin = (!sources.is_empty())
        .then(|| sources.origin(finding.primary.loc))
        .flatten()
        .map(|origin| match origin.resource {
            Some(resource) => format!("in: {resource}\nat: {}", origin.pointer),
            None => format!("at: {}", origin.pointer),
        });
    match (finding.help.is_empty(), origin) {
        (true, None) => None,
        (false, None) => Some(finding.help.clone()),
        (true, Some(origin)) => Some(origin),
        (false, Some(origin)) => Some(format!("{}\n{origin}", finding.help)),
    }
}

/// Lines between two labels above which they are shown in separate snippets.
const NEAR_LINES: usize = 8;

/// Returns true when a related label is shown apart from the primary one:
/// either is on a long line, or, in a plan or template, they are more than a
/// few lines apart. miette can join two such places of a template into one
/// snippet with every line between them.
fn apart(sources: &Sources, primary: &Label, label: &Label) -> bool {
    let file = sources.get(primary.loc.file);
    if on_long_line(file, primary.loc.offset) || on_long_line(file, label.loc.offset) {
        return true;
    }
    let distance = file
        .line_of(primary.loc.offset)
        .abs_diff(file.line_of(label.loc.offset));
    file.tree.is_some() && distance > NEAR_LINES
}

impl<'a> FindingView<'a> {
    /// Builds the view of one related label shown apart.
    fn single(finding: &'a Finding, label: &'a Label, sources: &Sources) -> Self {
        let message = if label.text.is_empty() {
            "related place".to_string()
        } else {
            format!("related: {}", label.text)
        };
        FindingView {
            finding,
            message,
            severity: Severity::Info,
            source: named(sources, label.loc.file),
            labels: vec![(label, false)],
            related: Vec::new(),
            help: None,
        }
    }
}

fn named(sources: &Sources, file: FileId) -> IndexedSource {
    if sources.is_empty() {
        return IndexedSource::empty();
    }
    IndexedSource::new(sources.get(file))
}

impl fmt::Debug for FindingView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for FindingView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingView<'_> {}

impl Diagnostic for FindingView<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        if self.severity == self.finding.severity && self.message == self.finding.message {
            Some(Box::new(self.finding.rule))
        } else {
            None
        }
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        let spans = self.labels.iter().map(|(label, primary)| {
            let text = Some(label.text.clone()).filter(|t| !t.is_empty());
            if *primary {
                LabeledSpan::new_primary_with_span(text, (label.loc.offset, label.loc.len))
            } else {
                LabeledSpan::new_with_span(text, (label.loc.offset, label.loc.len))
            }
        });
        Some(Box::new(spans))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
}
