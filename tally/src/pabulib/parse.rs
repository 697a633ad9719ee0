//! `.pb` text → [`PbFile`].

use std::collections::HashMap;

use super::error::{PabulibError, Reason};
use super::fields::{self, Field};
use super::{
    ApprovalBallot, Ballots, COST, CumulativeBallot, Election, ElectionError, FieldTable,
    MAX_AMOUNT, NAME, OrdinalBallot, POINTS, PROJECT_ID, PbFile, Project, ProjectIdx, VOTE,
    VoteType,
};

/// Parses a whole `.pb` file (a leading UTF-8 byte-order mark is ignored; lines may end with
/// `\n` or `\r\n`; blank lines are skipped).
///
/// # Errors
/// A [`PabulibError`] naming the first offending line: sections missing or out of order,
/// missing columns or META entries, rows with the wrong number of fields, numbers that are not
/// whole, unknown or repeated projects, unsupported vote types. Never panics.
pub fn parse(input: &str) -> Result<PbFile, PabulibError> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    if u32::try_from(input.len()).is_err() {
        return Err(PabulibError {
            line: 1,
            reason: Reason::TooLarge,
        });
    }
    let mut parser = Parser::default();
    let mut fields = Vec::new();
    let mut line_no = 0;
    for raw in input.split('\n') {
        line_no += 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        fields::split(line, &mut fields);
        parser.line(&fields).map_err(|reason| PabulibError {
            line: line_no,
            reason,
        })?;
    }
    parser.finish().map_err(|reason| PabulibError {
        line: line_no + 1,
        reason,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Meta,
    Projects,
    Votes,
}

impl Section {
    fn name(self) -> &'static str {
        match self {
            Section::Meta => "META",
            Section::Projects => "PROJECTS",
            Section::Votes => "VOTES",
        }
    }

    fn from_marker(field: &Field<'_>) -> Option<Self> {
        let t = field.text.trim();
        if t.eq_ignore_ascii_case("meta") {
            Some(Section::Meta)
        } else if t.eq_ignore_ascii_case("projects") {
            Some(Section::Projects)
        } else if t.eq_ignore_ascii_case("votes") {
            Some(Section::Votes)
        } else {
            None
        }
    }
}

/// Positions of the PROJECTS columns the model uses.
struct ProjectColumns {
    id: usize,
    cost: usize,
    name: Option<usize>,
    extra: Vec<usize>,
}

/// Positions of the VOTES columns the model uses.
struct VoteColumns {
    vote: usize,
    points: Option<usize>,
    extra: Vec<usize>,
}

enum BallotsBuilder {
    Approval(Vec<ApprovalBallot>),
    ChooseOne(Vec<ApprovalBallot>),
    Cumulative(Vec<CumulativeBallot>),
    Ordinal(Vec<OrdinalBallot>),
}

#[derive(Default)]
struct Parser {
    section: Option<Section>,
    awaiting_header: bool,
    meta: Vec<(String, String)>,
    budget: Option<u64>,
    vote_type: Option<VoteType>,
    project_header: Vec<String>,
    project_cols: Option<ProjectColumns>,
    projects: Vec<Project>,
    project_extra: Vec<Vec<Option<String>>>,
    ids: HashMap<String, u32>,
    vote_header: Vec<String>,
    vote_cols: Option<VoteColumns>,
    ballots: Option<BallotsBuilder>,
    voter_extra: FieldTable,
    /// Reused per vote row.
    items: Vec<ProjectIdx>,
}

impl Parser {
    fn line(&mut self, fields: &[Field<'_>]) -> Result<(), Reason> {
        if let Some(next) = fields.first().and_then(Section::from_marker) {
            return self.enter(next);
        }
        let Some(section) = self.section else {
            return Err(Reason::DataBeforeSection);
        };
        if self.awaiting_header {
            self.awaiting_header = false;
            return self.header(section, fields);
        }
        match section {
            Section::Meta => self.meta_row(fields),
            Section::Projects => self.project_row(fields),
            Section::Votes => self.vote_row(fields),
        }
    }

    fn enter(&mut self, next: Section) -> Result<(), Reason> {
        let expected = match self.section {
            None => Section::Meta,
            Some(Section::Meta) => Section::Projects,
            Some(Section::Projects) => Section::Votes,
            Some(Section::Votes) => {
                return Err(Reason::SectionOrder {
                    section: next.name(),
                });
            }
        };
        if next != expected || self.awaiting_header {
            return Err(Reason::SectionOrder {
                section: next.name(),
            });
        }
        self.section = Some(next);
        self.awaiting_header = true;
        Ok(())
    }

    fn header(&mut self, section: Section, fields: &[Field<'_>]) -> Result<(), Reason> {
        let names: Vec<String> = fields.iter().map(|f| f.text.to_string()).collect();
        for (i, n) in names.iter().enumerate() {
            if names[..i].contains(n) {
                return Err(Reason::DuplicateColumn {
                    section: section.name(),
                    column: n.clone(),
                });
            }
        }
        let find = |column: &'static str| {
            names
                .iter()
                .position(|n| n == column)
                .ok_or(Reason::MissingColumn {
                    section: section.name(),
                    column,
                })
        };
        match section {
            Section::Meta => {}
            Section::Projects => {
                let id = find(PROJECT_ID)?;
                let cost = find(COST)?;
                let name = find(NAME).ok();
                let extra = (0..names.len())
                    .filter(|&i| i != id && i != cost && Some(i) != name)
                    .collect();
                self.project_cols = Some(ProjectColumns {
                    id,
                    cost,
                    name,
                    extra,
                });
                self.project_header = names;
            }
            Section::Votes => {
                let vote_type = self.vote_type.ok_or(Reason::MissingMeta("vote_type"))?;
                let vote = find(VOTE)?;
                let points = if vote_type == VoteType::Cumulative {
                    Some(find(POINTS)?)
                } else {
                    None
                };
                let extra: Vec<usize> = (0..names.len())
                    .filter(|&i| i != vote && Some(i) != points)
                    .collect();
                self.voter_extra = FieldTable::new(extra.len());
                self.vote_cols = Some(VoteColumns {
                    vote,
                    points,
                    extra,
                });
                self.ballots = Some(match vote_type {
                    VoteType::Approval => BallotsBuilder::Approval(Vec::new()),
                    VoteType::ChooseOne => BallotsBuilder::ChooseOne(Vec::new()),
                    VoteType::Cumulative => BallotsBuilder::Cumulative(Vec::new()),
                    VoteType::Ordinal => BallotsBuilder::Ordinal(Vec::new()),
                });
                self.vote_header = names;
            }
        }
        Ok(())
    }

    fn meta_row(&mut self, fields: &[Field<'_>]) -> Result<(), Reason> {
        let [key, value] = fields else {
            return Err(Reason::MetaRow {
                found: fields.len(),
            });
        };
        let key = key.text.to_string();
        if self.meta.iter().any(|(k, _)| *k == key) {
            return Err(Reason::DuplicateMeta(key));
        }
        let mut value = value.text.to_string();
        match key.as_str() {
            "budget" => {
                let budget = whole("budget", &value)?;
                if budget > MAX_AMOUNT {
                    return Err(ElectionError::AmountTooLarge(budget).into());
                }
                self.budget = Some(budget);
                value = budget.to_string();
            }
            "vote_type" => {
                self.vote_type = Some(
                    VoteType::parse(&value)
                        .ok_or_else(|| Reason::UnsupportedVoteType(value.clone()))?,
                );
            }
            _ => {}
        }
        self.meta.push((key, value));
        Ok(())
    }

    fn project_row(&mut self, fields: &[Field<'_>]) -> Result<(), Reason> {
        let Some(cols) = &self.project_cols else {
            return Err(Reason::MissingHeader {
                section: Section::Projects.name(),
            });
        };
        if fields.len() != self.project_header.len() {
            return Err(Reason::FieldCount {
                expected: self.project_header.len(),
                found: fields.len(),
            });
        }
        let id = fields[cols.id].value().unwrap_or_default().to_string();
        let cost_text = fields[cols.cost].value().unwrap_or("None");
        let cost = whole("cost", cost_text)?;
        let name = cols
            .name
            .and_then(|i| fields[i].value())
            .map(str::to_string);
        if self.ids.contains_key(&id) {
            return Err(Reason::DuplicateProject(id));
        }
        let project = Project::new(id.clone(), cost, name)?;
        let index = u32::try_from(self.projects.len())
            .map_err(|_| ElectionError::TooManyProjects(self.projects.len()))?;
        self.ids.insert(id, index);
        self.projects.push(project);
        self.project_extra.push(
            cols.extra
                .iter()
                .map(|&i| fields[i].value().map(str::to_string))
                .collect(),
        );
        Ok(())
    }

    fn vote_row(&mut self, fields: &[Field<'_>]) -> Result<(), Reason> {
        let (Some(cols), Some(ballots)) = (&self.vote_cols, &mut self.ballots) else {
            return Err(Reason::MissingHeader {
                section: Section::Votes.name(),
            });
        };
        if fields.len() != self.vote_header.len() {
            return Err(Reason::FieldCount {
                expected: self.vote_header.len(),
                found: fields.len(),
            });
        }
        let vote = fields[cols.vote].value().unwrap_or_default();
        self.items.clear();
        for item in vote.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let &p = self
                .ids
                .get(item)
                .ok_or_else(|| Reason::UnknownProject(item.to_string()))?;
            self.items.push(ProjectIdx::new(p));
        }
        let items = std::mem::take(&mut self.items);
        let name_of = |p: ProjectIdx| {
            self.projects
                .get(p.index())
                .map(|p| p.id().to_string())
                .unwrap_or_default()
        };
        let duplicate = |e: ElectionError| match e {
            ElectionError::DuplicateInBallot(p) => Reason::DuplicateInVote(name_of(p)),
            other => Reason::Election(other),
        };
        match ballots {
            BallotsBuilder::Approval(b) => {
                b.push(ApprovalBallot::new(items.clone()).map_err(duplicate)?);
            }
            BallotsBuilder::ChooseOne(b) => {
                if items.len() > 1 {
                    return Err(Reason::ChooseOneTooMany(items.len()));
                }
                b.push(ApprovalBallot::new(items.clone()).map_err(duplicate)?);
            }
            BallotsBuilder::Ordinal(b) => {
                b.push(OrdinalBallot::new(items.clone()).map_err(duplicate)?);
            }
            BallotsBuilder::Cumulative(b) => {
                let points_text = cols
                    .points
                    .and_then(|i| fields[i].value())
                    .unwrap_or_default();
                let points = points_text
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| whole("points", s))
                    .collect::<Result<Vec<u64>, Reason>>()?;
                if points.len() != items.len() {
                    return Err(Reason::PointsMismatch {
                        votes: items.len(),
                        points: points.len(),
                    });
                }
                let pairs = items.iter().copied().zip(points).collect();
                b.push(CumulativeBallot::new(pairs).map_err(duplicate)?);
            }
        }
        self.items = items;
        self.voter_extra
            .push_row(cols.extra.iter().map(|&i| fields[i].value()));
        Ok(())
    }

    fn finish(self) -> Result<PbFile, Reason> {
        match self.section {
            Some(Section::Votes) if !self.awaiting_header => {}
            Some(s) if self.awaiting_header => {
                return Err(Reason::MissingHeader { section: s.name() });
            }
            Some(Section::Meta) | None => {
                return Err(Reason::MissingSection {
                    section: Section::Projects.name(),
                });
            }
            Some(_) => {
                return Err(Reason::MissingSection {
                    section: Section::Votes.name(),
                });
            }
        }
        let budget = self.budget.ok_or(Reason::MissingMeta("budget"))?;
        let ballots = match self.ballots {
            Some(BallotsBuilder::Approval(b)) => Ballots::Approval(b),
            Some(BallotsBuilder::ChooseOne(b)) => Ballots::ChooseOne(b),
            Some(BallotsBuilder::Cumulative(b)) => Ballots::Cumulative(b),
            Some(BallotsBuilder::Ordinal(b)) => Ballots::Ordinal(b),
            None => return Err(Reason::MissingMeta("vote_type")),
        };
        let election = Election::new(self.projects, budget, ballots)?;
        Ok(PbFile {
            meta: self.meta,
            election,
            project_columns: self.project_header,
            project_extra: self.project_extra,
            vote_columns: self.vote_header,
            voter_extra: self.voter_extra,
        })
    }
}

/// A non-negative whole number, also written `1000.0` or `1000,00`.
fn whole(what: &'static str, text: &str) -> Result<u64, Reason> {
    let t = text.trim();
    let (int, frac) = match t.find(['.', ',']) {
        Some(i) => (&t[..i], &t[i + 1..]),
        None => (t, ""),
    };
    let ok = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b == b'0');
    ok.then(|| int.parse::<u64>().ok())
        .flatten()
        .ok_or_else(|| Reason::NotWhole {
            what,
            value: text.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "META\nkey;value\ndescription;test\nbudget;100.0\nvote_type;approval\n\
        PROJECTS\nproject_id;cost;name;votes\na;60;\"A; the first\";2\nb;50;None;1\n\
        VOTES\nvoter_id;vote;age\n1;a,b;30\n2;a;none\n";

    #[test]
    fn parses_a_small_file() {
        let f = parse(SMALL).expect("valid");
        let e = f.election();
        assert_eq!(e.budget(), 100);
        assert_eq!(f.meta_value("budget"), Some("100"));
        assert_eq!(e.projects()[0].name(), Some("A; the first"));
        assert_eq!(e.projects()[1].name(), None);
        assert_eq!(e.num_voters(), 2);
        assert_eq!(f.project_field(ProjectIdx::new(0), "votes"), Some("2"));
        assert_eq!(f.voter_field(0, "voter_id"), Some("1"));
        assert_eq!(f.voter_field(1, "age"), None);
        assert_eq!(f.voter_field(0, "vote"), None);
    }

    #[test]
    fn reports_line_and_reason() {
        let bad = SMALL.replace("2;a;none", "2;a,zz;none");
        let err = parse(&bad).expect_err("unknown project");
        assert_eq!(
            err.to_string(),
            "line 13: project \"zz\" in vote is not in PROJECTS"
        );
        let bad = SMALL.replace("a;60;", "a;60.5;");
        assert_eq!(
            parse(&bad).expect_err("cost").to_string(),
            "line 8: cost \"60.5\" is not a whole number"
        );
        let bad = SMALL.replace("budget;100.0\n", "");
        assert_eq!(
            parse(&bad).expect_err("budget").reason,
            Reason::MissingMeta("budget")
        );
        let bad = SMALL.replace("1;a,b;30", "1;a,b,a;30");
        assert_eq!(
            parse(&bad).expect_err("dup").reason,
            Reason::DuplicateInVote("a".into())
        );
        let bad = SMALL.replace("1;a,b;30", "1;a,b");
        assert!(matches!(
            parse(&bad).expect_err("count").reason,
            Reason::FieldCount { .. }
        ));
        assert!(parse("").is_err());
        assert_eq!(
            parse("x;y").expect_err("data").reason,
            Reason::DataBeforeSection
        );
    }

    #[test]
    fn cumulative_needs_matching_points() {
        let text = "META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n\
            a;5\nb;5\nVOTES\nvoter_id;vote;points\n1;a,b;3,2\n2;b;1,1\n";
        let err = parse(text).expect_err("mismatch");
        assert_eq!(err.line, 12);
        assert_eq!(
            err.reason,
            Reason::PointsMismatch {
                votes: 1,
                points: 2
            }
        );
    }

    #[test]
    fn whole_numbers() {
        assert_eq!(whole("x", "1000"), Ok(1000));
        assert_eq!(whole("x", "1000.00"), Ok(1000));
        assert_eq!(whole("x", "1000,0"), Ok(1000));
        assert!(whole("x", "1000.5").is_err());
        assert!(whole("x", "-1").is_err());
        assert!(whole("x", "").is_err());
        assert!(whole("x", "99999999999999999999999").is_err());
    }
}
