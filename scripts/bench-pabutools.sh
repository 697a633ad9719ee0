#!/usr/bin/env bash
# Times pabutools 1.2.3 (the reference implementation) on the same files and rules as
# tally/benches/tally.rs, for BENCHMARKS.md. Each measurement runs in its own process with a timeout.
#
# Usage: scripts/bench-pabutools.sh
# Environment: ESSAIM_PABULIB_DIR (default ../shared/pabulib next to the repository),
#              RULE_TIMEOUT seconds per rule (default 120), FILES, RULES (space-separated).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
data="${ESSAIM_PABULIB_DIR:-$root/../shared/pabulib}"
venv="$root/target/pabutools-venv"
timeout_s="${RULE_TIMEOUT:-120}"
files=(${FILES:-Poland_Lodz_2022.pb Poland_Warszawa_2026.pb Hungary_Budapest_2024.pb Poland_Wroclaw_2015_150_-_500.pb Poland_Krakow_2024.pb Poland_Katowice_2023.pb})
rules=(${RULES:-greedy greedy-per-cost mes-cost mes-approval mes-cost+greedy mes-approval+greedy mes-cost+add1 mes-approval+add1 mes-cost+add1+greedy mes-approval+add1+greedy phragmen greedy-points-per-cost mes-points})

[ -d "$data" ] || { echo "pabulib data not found at $data" >&2; exit 1; }
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet pabutools==1.2.3
fi

runner="$venv/run_rule.py"
cat > "$runner" <<'PY'
"""Prints the seconds pabutools takes for one rule on one file (parse excluded), or 'n/a'."""
import sys
import time

from pabutools.election import (
    AbstractApprovalProfile, AbstractCumulativeProfile, ApprovalBallot, ApprovalProfile,
    Additive_Cardinal_Sat, Cardinality_Sat, Cost_Sat, parse_pabulib,
)
from pabutools.rules import (
    completion_by_rule_combination, greedy_utilitarian_welfare, method_of_equal_shares,
    sequential_phragmen,
)

path, rule = sys.argv[1], sys.argv[2]
start = time.perf_counter()
instance, native = parse_pabulib(path)
if rule == "parse":
    print(f"{time.perf_counter() - start:.3f}")
    sys.exit(0)
# As in the expected outputs: approval rules run on the approval projection.
if isinstance(native, AbstractApprovalProfile):
    approval = native
else:
    approval = ApprovalProfile([ApprovalBallot(set(b)) for b in native])

def mes(sat, **kw):
    return lambda: method_of_equal_shares(instance, approval, sat_class=sat, **kw)

def completed(sat, **kw):
    return lambda: completion_by_rule_combination(
        instance, approval,
        rule_sequence=[method_of_equal_shares, greedy_utilitarian_welfare],
        rule_params=[dict(sat_class=sat, **kw), {"sat_class": Cost_Sat}])

calls = {
    "greedy": lambda: greedy_utilitarian_welfare(instance, approval, sat_class=Cost_Sat),
    "greedy-per-cost": lambda: greedy_utilitarian_welfare(instance, approval, sat_class=Cardinality_Sat),
    "mes-cost": mes(Cost_Sat),
    "mes-approval": mes(Cardinality_Sat),
    "mes-cost+greedy": completed(Cost_Sat),
    "mes-approval+greedy": completed(Cardinality_Sat),
    "mes-cost+add1": mes(Cost_Sat, voter_budget_increment=1),
    "mes-approval+add1": mes(Cardinality_Sat, voter_budget_increment=1),
    "mes-cost+add1+greedy": completed(Cost_Sat, voter_budget_increment=1),
    "mes-approval+add1+greedy": completed(Cardinality_Sat, voter_budget_increment=1),
    "phragmen": lambda: sequential_phragmen(instance, approval),
}
if isinstance(native, AbstractCumulativeProfile):
    calls["greedy-points-per-cost"] = lambda: greedy_utilitarian_welfare(
        instance, native, sat_class=Additive_Cardinal_Sat)
    calls["mes-points"] = lambda: method_of_equal_shares(
        instance, native, sat_class=Additive_Cardinal_Sat)
if rule not in calls:
    print("n/a")
    sys.exit(0)
start = time.perf_counter()
calls[rule]()
print(f"{time.perf_counter() - start:.3f}")
PY

printf '| file | step | pabutools 1.2.3 (s) |\n|---|---|---|\n'
for f in "${files[@]}"; do
  for r in parse "${rules[@]}"; do
    if out=$(timeout "$timeout_s" "$venv/bin/python" "$runner" "$data/$f" "$r" 2>/dev/null); then
      :
    elif [ $? -eq 124 ]; then
      out="> $timeout_s (timeout)"
    else
      out="error"
    fi
    [ "$out" = "n/a" ] || printf '| %s | %s | %s |\n' "${f%.pb}" "$r" "$out"
  done
done
