//! Help › Guide: the README's "Using it" section in a window, so a lecturer finds how the app
//! works without leaving it. The text is the README's own, built in when the app is compiled,
//! so the guide and the README cannot say different things.
//!
//! Only the little Markdown that section uses is read: paragraphs, `- ` bullets (with their
//! indented continuation lines), `#` headings, fenced code, and `**bold**`, `*italic*` and
//! `` `code` `` inside text.

use egui::{RichText, Ui};

/// The README, as it was when the app was built.
pub const README: &str = include_str!("../../README.md");

/// The heading of the section the guide shows.
const SECTION: &str = "## Using it";

/// The README's "Using it" section, without its heading: from the line after `## Using it` to
/// the next `## ` heading (or the end). Empty if the README has no such section.
pub fn using_it(readme: &str) -> &str {
    let Some(start) = readme
        .match_indices(SECTION)
        .find(|(at, _)| *at == 0 || readme[..*at].ends_with('\n'))
        .map(|(at, _)| at + SECTION.len())
    else {
        return "";
    };
    let rest = &readme[start..];
    let end = rest.find("\n## ").map_or(rest.len(), |at| at + 1);
    rest[..end].trim()
}

/// A piece of the guide, laid out on its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A heading (from `#`, `##` or `###` lines).
    Heading(String),
    /// A paragraph, its lines joined.
    Paragraph(String),
    /// One bullet, its continuation lines joined.
    Bullet(String),
    /// Fenced code, line for line.
    Code(String),
}

/// The blocks of a piece of Markdown, in order.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    let mut code: Option<Vec<&str>> = None;
    for line in markdown.lines() {
        if let Some(lines) = &mut code {
            if line.trim_start().starts_with("```") {
                blocks.push(Block::Code(lines.join("\n")));
                code = None;
            } else {
                lines.push(line);
            }
            continue;
        }
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            blocks.extend(current.take());
            code = Some(Vec::new());
        } else if trimmed.is_empty() {
            blocks.extend(current.take());
        } else if let Some(heading) = trimmed.strip_prefix('#') {
            blocks.extend(current.take());
            blocks.push(Block::Heading(
                heading.trim_start_matches('#').trim().to_owned(),
            ));
        } else if let Some(item) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
            blocks.extend(current.take());
            current = Some(Block::Bullet(item.trim().to_owned()));
        } else if let Some(Block::Bullet(text) | Block::Paragraph(text)) = &mut current {
            text.push(' ');
            text.push_str(trimmed);
        } else {
            blocks.extend(current.take());
            current = Some(Block::Paragraph(trimmed.to_owned()));
        }
    }
    if let Some(lines) = code {
        blocks.push(Block::Code(lines.join("\n")));
    }
    blocks.extend(current);
    blocks
}

/// How a run of text inside a block is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// As it is.
    Plain,
    /// `**bold**`: strong text.
    Strong,
    /// `*italic*`.
    Italic,
    /// `` `code` ``: monospace.
    Code,
}

/// A block's text cut into runs by its `**`, `*` and `` ` `` marks, the marks taken out. A mark
/// left open runs to the end of the text.
pub fn spans(text: &str) -> Vec<(Style, String)> {
    let mut spans: Vec<(Style, String)> = Vec::new();
    let mut style = Style::Plain;
    let mut run = String::new();
    let mut chars = text.chars().peekable();
    let mut flush = |run: &mut String, style: Style| {
        if !run.is_empty() {
            spans.push((style, std::mem::take(run)));
        }
    };
    while let Some(c) = chars.next() {
        let next = match (style, c) {
            (Style::Code, '`') => Style::Plain,
            (Style::Code, _) => {
                run.push(c);
                continue;
            }
            (Style::Plain, '`') => Style::Code,
            (_, '*') if chars.peek() == Some(&'*') => {
                chars.next();
                if style == Style::Strong {
                    Style::Plain
                } else {
                    Style::Strong
                }
            }
            (Style::Italic, '*') => Style::Plain,
            (Style::Plain, '*') if chars.peek().is_some_and(|n| !n.is_whitespace()) => {
                Style::Italic
            }
            _ => {
                run.push(c);
                continue;
            }
        };
        flush(&mut run, style);
        style = next;
    }
    flush(&mut run, style);
    spans
}

/// A block's text without its marks: what a reader (or a screen reader) reads.
pub fn plain_text(text: &str) -> String {
    spans(text).into_iter().map(|(_, run)| run).collect()
}

/// One block's text, its runs styled, wrapped to the width there is.
fn rich_label(ui: &mut Ui, text: &str) {
    let mut job = egui::text::LayoutJob::default();
    for (style, run) in spans(text) {
        let rich = RichText::new(run);
        let rich = match style {
            Style::Plain => rich,
            Style::Strong => rich.strong(),
            Style::Italic => rich.italics(),
            Style::Code => rich.code(),
        };
        rich.append_to(
            &mut job,
            ui.style(),
            egui::FontSelection::Default,
            egui::Align::LEFT,
        );
    }
    ui.add(egui::Label::new(job).wrap());
}

/// The Guide window while `open` is true; its close button sets it to false.
pub fn show(ctx: &egui::Context, open: &mut bool) {
    let content = ctx.content_rect();
    egui::Window::new("Guide")
        .id(egui::Id::unique("guide_window"))
        .open(open)
        .resizable(true)
        .collapsible(false)
        .default_size([
            620.0_f32.min(content.width() - 40.0),
            560.0_f32.min(content.height() - 80.0),
        ])
        .default_pos(content.center())
        .pivot(egui::Align2::CENTER_CENTER)
        .show(ctx, |ui| {
            ui.heading("Using stance-map");
            ui.weak("From the README that comes with stance-map.");
            ui.separator();
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| blocks_ui(ui, &blocks(using_it(README))));
        });
}

/// The guide's blocks, one under the other.
fn blocks_ui(ui: &mut Ui, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Heading(text) => {
                ui.add_space(6.0);
                ui.heading(plain_text(text));
            }
            Block::Paragraph(text) => {
                ui.add_space(4.0);
                rich_label(ui, text);
            }
            Block::Bullet(text) => {
                ui.add_space(4.0);
                ui.horizontal_top(|ui| {
                    ui.label("•");
                    ui.vertical(|ui| rich_label(ui, text));
                });
            }
            Block::Code(code) => {
                ui.add_space(4.0);
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.add(egui::Label::new(RichText::new(code).monospace()).wrap());
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_section_runs_to_the_next_heading() {
        let readme =
            "# stance-map\n\n## Set up\nx\n## Using it\n\n- **A:** b\n  c\n\nText\n## Files\nno";
        assert_eq!(using_it(readme), "- **A:** b\n  c\n\nText");
        assert_eq!(using_it("## Using it\nall\n"), "all");
        assert_eq!(using_it("no such section"), "");
        // The real README has it, and the guide does not run into the next section.
        let real = using_it(README);
        assert!(real.starts_with("- **"), "{real:.40}");
        assert!(real.contains("\n- **Move through time**"), "{real:.40}");
        assert!(!real.contains("\n## "));
    }

    #[test]
    fn blocks_join_their_lines() {
        let text =
            "- one\n  more\n- two\n\nA paragraph\non two lines.\n\n### Head\n```sh\na  b\n```";
        assert_eq!(
            blocks(text),
            vec![
                Block::Bullet("one more".into()),
                Block::Bullet("two".into()),
                Block::Paragraph("A paragraph on two lines.".into()),
                Block::Heading("Head".into()),
                Block::Code("a  b".into()),
            ]
        );
    }

    #[test]
    fn marks_become_styles_and_leave_the_text() {
        assert_eq!(
            spans("**Edit map…** (Ctrl+E) or *Edit*, `x*y`; 2 * 3"),
            vec![
                (Style::Strong, "Edit map…".into()),
                (Style::Plain, " (Ctrl+E) or ".into()),
                (Style::Italic, "Edit".into()),
                (Style::Plain, ", ".into()),
                (Style::Code, "x*y".into()),
                (Style::Plain, "; 2 * 3".into()),
            ]
        );
        assert_eq!(plain_text("**Space** (play/pause)"), "Space (play/pause)");
    }
}
