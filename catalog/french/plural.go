package french

import "strconv"

// Count writes n with the noun phrase agreed: "0 élément valide", "1
// élément valide", "3 éléments valides" (French: 0 and 1 take the
// singular). Never "élément(s)".
func Count(n int, singular, plural string) string {
	if n > 1 || n < -1 {
		return strconv.Itoa(n) + " " + plural
	}
	return strconv.Itoa(n) + " " + singular
}
