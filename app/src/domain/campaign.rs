//! A campaign's calendar and the phase it is in.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The three dates that shape a campaign. Guaranteed in order:
/// proposals close no later than voting opens, which is before voting closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    proposals_close_at: DateTime<Utc>,
    voting_opens_at: DateTime<Utc>,
    voting_closes_at: DateTime<Utc>,
}

/// Why a calendar was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ScheduleError {
    /// Voting would open before the call for proposals ends.
    #[error("voting cannot open before the call for proposals closes")]
    VotingBeforeProposalsClose,
    /// Voting would close before (or when) it opens.
    #[error("voting must close after it opens")]
    VotingClosesBeforeItOpens,
}

impl Schedule {
    /// Checks the order of the dates.
    ///
    /// # Errors
    /// A [`ScheduleError`] naming the dates out of order.
    pub fn new(
        proposals_close_at: DateTime<Utc>,
        voting_opens_at: DateTime<Utc>,
        voting_closes_at: DateTime<Utc>,
    ) -> Result<Self, ScheduleError> {
        if voting_opens_at < proposals_close_at {
            return Err(ScheduleError::VotingBeforeProposalsClose);
        }
        if voting_closes_at <= voting_opens_at {
            return Err(ScheduleError::VotingClosesBeforeItOpens);
        }
        Ok(Schedule {
            proposals_close_at,
            voting_opens_at,
            voting_closes_at,
        })
    }

    /// When the call for proposals ends.
    pub fn proposals_close_at(&self) -> DateTime<Utc> {
        self.proposals_close_at
    }

    /// When voting starts.
    pub fn voting_opens_at(&self) -> DateTime<Utc> {
        self.voting_opens_at
    }

    /// When voting ends (unless an official closes it earlier).
    pub fn voting_closes_at(&self) -> DateTime<Utc> {
        self.voting_closes_at
    }

    /// The schedule with the call for proposals ending at `now`
    /// (an official's "close the call now"); later dates move so that the
    /// order still holds.
    ///
    /// # Errors
    /// [`PhaseError`] unless the call is open at `now`.
    pub fn close_proposals(self, now: DateTime<Utc>) -> Result<Self, PhaseError> {
        if now >= self.proposals_close_at {
            return Err(PhaseError::WrongPhase);
        }
        Ok(Schedule {
            proposals_close_at: now,
            ..self
        })
    }

    /// The schedule with voting opening at `now` ("open voting now").
    ///
    /// # Errors
    /// [`PhaseError`] unless the call for proposals is over and voting has not opened.
    pub fn open_voting(self, now: DateTime<Utc>) -> Result<Self, PhaseError> {
        if now < self.proposals_close_at || now >= self.voting_opens_at {
            return Err(PhaseError::WrongPhase);
        }
        Ok(Schedule {
            voting_opens_at: now,
            ..self
        })
    }
}

/// Where a campaign stands. Computed from the schedule, the clock and the
/// officials' decisions: never stored, so it can never disagree with them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// Citizens submit proposals.
    Proposals,
    /// The call is over; officials review proposals before voting opens.
    Review,
    /// Citizens vote.
    Voting,
    /// Voting is over; officials count and publish.
    Counting,
    /// Results are public.
    Published,
}

/// An action that the campaign's phase does not allow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PhaseError {
    /// The action belongs to another phase.
    #[error("this cannot be done in the campaign's current phase")]
    WrongPhase,
}

/// What officials decided beyond the schedule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decisions {
    /// When an official closed voting early, if they did.
    pub voting_closed_at: Option<DateTime<Utc>>,
    /// When results were published, if they were.
    pub results_published_at: Option<DateTime<Utc>>,
}

impl Phase {
    /// The phase at instant `now`.
    pub fn at(schedule: &Schedule, decisions: &Decisions, now: DateTime<Utc>) -> Phase {
        let voting_over = now >= schedule.voting_closes_at
            || decisions
                .voting_closed_at
                .is_some_and(|closed| now >= closed);
        if decisions.results_published_at.is_some() {
            Phase::Published
        } else if voting_over {
            Phase::Counting
        } else if now >= schedule.voting_opens_at {
            Phase::Voting
        } else if now >= schedule.proposals_close_at {
            Phase::Review
        } else {
            Phase::Proposals
        }
    }

    /// Proposals can be submitted.
    pub fn accepts_proposals(self) -> bool {
        self == Phase::Proposals
    }

    /// The ballot's settings (such as the decision rule) can change: voting
    /// has not opened. From then on they are frozen.
    pub fn allows_settings_changes(self) -> bool {
        matches!(self, Phase::Proposals | Phase::Review)
    }

    /// Officials can accept or reject proposals (until voting opens).
    pub fn allows_review(self) -> bool {
        matches!(self, Phase::Proposals | Phase::Review)
    }

    /// Ballots can be cast or changed.
    pub fn accepts_ballots(self) -> bool {
        self == Phase::Voting
    }

    /// Officials can compute and publish results.
    pub fn allows_counting(self) -> bool {
        self == Phase::Counting
    }

    /// Checks that `allowed` holds, for use with `?`.
    ///
    /// # Errors
    /// [`PhaseError::WrongPhase`] when it does not.
    pub fn require(self, allowed: fn(Phase) -> bool) -> Result<(), PhaseError> {
        if allowed(self) {
            Ok(())
        } else {
            Err(PhaseError::WrongPhase)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, d, 12, 0, 0)
            .single()
            .expect("valid date")
    }

    fn schedule() -> Schedule {
        Schedule::new(day(10), day(15), day(20)).expect("dates in order")
    }

    #[test]
    fn dates_must_be_in_order() {
        assert_eq!(
            Schedule::new(day(10), day(9), day(20)),
            Err(ScheduleError::VotingBeforeProposalsClose)
        );
        assert_eq!(
            Schedule::new(day(10), day(15), day(15)),
            Err(ScheduleError::VotingClosesBeforeItOpens)
        );
        assert!(Schedule::new(day(10), day(10), day(11)).is_ok());
    }

    #[test]
    fn phase_follows_the_calendar() {
        let none = Decisions::default();
        assert_eq!(Phase::at(&schedule(), &none, day(1)), Phase::Proposals);
        assert_eq!(Phase::at(&schedule(), &none, day(10)), Phase::Review);
        assert_eq!(Phase::at(&schedule(), &none, day(15)), Phase::Voting);
        assert_eq!(Phase::at(&schedule(), &none, day(20)), Phase::Counting);
    }

    #[test]
    fn officials_decisions_override_the_calendar() {
        let closed = Decisions {
            voting_closed_at: Some(day(16)),
            results_published_at: None,
        };
        assert_eq!(Phase::at(&schedule(), &closed, day(17)), Phase::Counting);
        let published = Decisions {
            results_published_at: Some(day(18)),
            ..closed
        };
        assert_eq!(
            Phase::at(&schedule(), &published, day(18)),
            Phase::Published
        );
    }

    #[test]
    fn phases_gate_actions() {
        assert!(Phase::Proposals.require(Phase::accepts_proposals).is_ok());
        assert!(Phase::Review.require(Phase::accepts_proposals).is_err());
        assert!(Phase::Review.allows_review() && !Phase::Voting.allows_review());
        assert!(Phase::Proposals.allows_settings_changes());
        assert!(!Phase::Voting.allows_settings_changes());
        assert!(!Phase::Counting.allows_settings_changes());
        assert!(Phase::Voting.accepts_ballots() && !Phase::Counting.accepts_ballots());
        assert!(Phase::Counting.allows_counting() && !Phase::Published.allows_counting());
    }

    #[test]
    fn officials_can_move_phases_forward_now() {
        let closed = schedule().close_proposals(day(5)).expect("call is open");
        assert_eq!(closed.proposals_close_at(), day(5));
        assert_eq!(
            schedule().close_proposals(day(11)),
            Err(PhaseError::WrongPhase)
        );
        let opened = closed.open_voting(day(6)).expect("call is over");
        assert_eq!(opened.voting_opens_at(), day(6));
        assert_eq!(opened.voting_closes_at(), day(20));
        assert_eq!(schedule().open_voting(day(5)), Err(PhaseError::WrongPhase));
    }
}
