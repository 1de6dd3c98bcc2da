package eval

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// WriteTable prints the report as readable text tables: the served
// ranking first, then a line saying that the rest are diagnostics.
func (r Report) WriteTable(w io.Writer) error {
	var b strings.Builder
	diagnostics := false
	for _, rr := range r.Rankings {
		what := "ce que reçoivent les utilisateurs"
		if rr.Role == RoleDiagnostic {
			what = "diagnostic"
			if !diagnostics {
				diagnostics = true
				b.WriteString("Les classements suivants sont des diagnostics : des parties internes du classement, " +
					"mesurées seules, que les utilisateurs ne reçoivent jamais telles quelles.\n\n")
			}
		}
		fmt.Fprintf(&b, "Classement %s — %s (latence ms : p50 %.2f, p95 %.2f, p99 %.2f)\n",
			rr.Name, what, rr.Latency.P50, rr.Latency.P95, rr.Latency.P99)
		fmt.Fprintf(&b, "  %-12s %5s %9s %10s %7s\n", "ensemble", "n", "nDCG@10", "rappel@10", "MRR@10")
		for _, set := range sortedSets(rr.Sets) {
			m := rr.Sets[set]
			fmt.Fprintf(&b, "  %-12s %5d %9.3f %10.3f %7.3f\n", set, m.N, m.NDCG, m.Recall, m.MRR)
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// sortedSets returns "all" first, then the other sets by name.
func sortedSets(m map[string]Metrics) []string {
	out := make([]string, 0, len(m))
	for s := range m {
		if s != "all" {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	if _, ok := m["all"]; ok {
		out = append([]string{"all"}, out...)
	}
	return out
}
