//! [`PbFile`] → `.pb` text.

use super::fields::push;
use super::{Ballots, COST, NAME, POINTS, PROJECT_ID, PbFile, VOTE};

/// Writes `file` in the pabulib format (`\n` line endings).
///
/// META entries are written in order, with `budget` and `vote_type` always taken from the
/// election (appended if absent). Approval and cumulative votes list projects by index order;
/// ordinal votes by rank. [`super::parse`] reads the result back to an equal [`PbFile`].
pub fn write(file: &PbFile) -> String {
    let election = &file.election;
    let mut out = String::with_capacity(64 * (election.num_voters() as usize + 16));
    let budget = election.budget().to_string();
    let vote_type = election.vote_type().as_str();

    out.push_str("META\nkey;value\n");
    let mut wrote_budget = false;
    let mut wrote_type = false;
    for (key, value) in &file.meta {
        let value = match key.as_str() {
            "budget" => {
                wrote_budget = true;
                budget.as_str()
            }
            "vote_type" => {
                wrote_type = true;
                vote_type
            }
            _ => value.as_str(),
        };
        row(&mut out, [key.as_str(), value]);
    }
    if !wrote_budget {
        row(&mut out, ["budget", &budget]);
    }
    if !wrote_type {
        row(&mut out, ["vote_type", vote_type]);
    }

    out.push_str("PROJECTS\n");
    row(&mut out, file.project_columns.iter().map(String::as_str));
    for (i, project) in election.projects().iter().enumerate() {
        let cost = project.cost().to_string();
        let mut extra = file.project_extra.get(i).map(|v| v.iter());
        let cells = file.project_columns.iter().map(|c| match c.as_str() {
            PROJECT_ID => Some(project.id()),
            COST => Some(cost.as_str()),
            NAME => project.name(),
            _ => extra
                .as_mut()
                .and_then(Iterator::next)
                .and_then(Option::as_deref),
        });
        optional_row(&mut out, cells);
    }

    out.push_str("VOTES\n");
    row(&mut out, file.vote_columns.iter().map(String::as_str));
    let ids = |list: &mut dyn Iterator<Item = usize>| -> String {
        let mut s = String::new();
        for (k, p) in list.enumerate() {
            if k > 0 {
                s.push(',');
            }
            s.push_str(election.projects().get(p).map_or("", |p| p.id()));
        }
        s
    };
    for voter in 0..election.num_voters() as usize {
        let (vote, points) = match election.ballots() {
            Ballots::Approval(b) | Ballots::ChooseOne(b) => (
                ids(&mut b
                    .get(voter)
                    .map_or(&[][..], |b| b.projects())
                    .iter()
                    .map(|p| p.index())),
                String::new(),
            ),
            Ballots::Ordinal(b) => (
                ids(&mut b
                    .get(voter)
                    .map_or(&[][..], |b| b.ranking())
                    .iter()
                    .map(|p| p.index())),
                String::new(),
            ),
            Ballots::Cumulative(b) => {
                let pts = b.get(voter).map_or(&[][..], |b| b.points());
                let points: Vec<String> = pts.iter().map(|(_, v)| v.to_string()).collect();
                (
                    ids(&mut pts.iter().map(|(p, _)| p.index())),
                    points.join(","),
                )
            }
        };
        let mut extra = 0;
        let cells = file.vote_columns.iter().map(|c| match c.as_str() {
            VOTE => Some(vote.as_str()),
            POINTS if matches!(election.ballots(), Ballots::Cumulative(_)) => Some(points.as_str()),
            _ => {
                extra += 1;
                file.voter_extra.get(voter, extra - 1)
            }
        });
        optional_row(&mut out, cells);
    }
    out
}

fn row<'s>(out: &mut String, cells: impl IntoIterator<Item = &'s str>) {
    optional_row(out, cells.into_iter().map(Some));
}

fn optional_row<'s>(out: &mut String, cells: impl IntoIterator<Item = Option<&'s str>>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        match cell {
            Some(text) => push(out, text),
            None => out.push_str("None"),
        }
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::super::parse;

    #[test]
    fn round_trips_odd_text() {
        let text = "META\nkey;value\ndescription;\"a;b\"\nbudget;100\nvote_type;ordinal\n\
            PROJECTS\nproject_id;name;cost;note\np1;\"\"\"Odkupmy\"\" i my\";10;None\n\
            p2;\"none\";20;\" x \"\nVOTES\nvoter_id;vote\n7;p2,p1\n8;\n";
        let f = parse(text).expect("parse");
        assert_eq!(f.election().projects()[1].name(), Some("none"));
        let again = parse(&super::write(&f)).expect("reparse");
        assert_eq!(again, f);
    }
}
