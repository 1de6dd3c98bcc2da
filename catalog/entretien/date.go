package entretien

import (
	"fmt"
	"time"
)

// Date is a civil date, without time of day or time zone: the law counts
// in days, months and years.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads a date written as YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q invalide, attendu AAAA-MM-JJ", s)
	}
	return dateOf(t), nil
}

// DateOf returns the civil date of t in its own location.
func DateOf(t time.Time) Date { return dateOf(t) }

func dateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// String formats the date as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText writes the date as YYYY-MM-DD, or nothing for the zero date.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	return []byte(d.String()), nil
}

// UnmarshalText reads YYYY-MM-DD; empty text gives the zero date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// IsZero reports whether d is the zero Date, meaning "unknown" or "none".
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d names a day of the calendar.
func (d Date) Valid() bool {
	return d.Month >= time.January && d.Month <= time.December &&
		d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month)
}

func (d Date) time() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int { return d.time().Compare(o.time()) }

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// AddDays returns the date n days after d (before it for negative n).
func (d Date) AddDays(n int) Date { return dateOf(d.time().AddDate(0, 0, n)) }

// AddMonths returns the date n months after d, counted as article 641 of
// the Code de procédure civile counts a délai in months or years: the same
// day of the month (quantième), or the last day of the month when that
// month has no such day. So 31 January + 1 month is 28 or 29 February,
// and 29 February + 12 months is 28 February of a common year.
func (d Date) AddMonths(n int) Date {
	m := int(d.Month) - 1 + n
	y := d.Year + m/12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	month := time.Month(m + 1)
	return Date{y, month, min(d.Day, daysIn(y, month))}
}

// AddYears returns the date n years after d, as AddMonths(12*n).
func (d Date) AddYears(n int) Date { return d.AddMonths(12 * n) }

// daysBetween returns the number of days from a to b.
func daysBetween(a, b Date) int { return int(b.time().Sub(a.time()).Hours() / 24) }

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func maxDate(a, b Date) Date {
	if a.After(b) {
		return a
	}
	return b
}
