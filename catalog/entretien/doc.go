// Package entretien computes the calendar of the entretien de parcours
// professionnel (article L6315-1 of the Code du travail as amended by loi
// n° 2025-989 du 24 octobre 2025) from dates alone: when the next
// entretien is due, when the 8-year état des lieux récapitulatif falls,
// which entretiens are owed on return from a long leave or at the key ages,
// which are overdue, and whether an état des lieux meets its criteria and
// exposes a company of 50 employees or more to the CPF abondement correctif
// (article L6323-13).
//
// It does no I/O and keeps no state. Every number the law sets, or leaves
// to a collective agreement, is a field of Rules; Legal returns the
// defaults, and docs/entretien.md gives the source of each and says which
// ones could not be checked against the text.
package entretien
