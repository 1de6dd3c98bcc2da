package catalog

import (
	"math"
	"strings"
	"unicode"

	"github.com/tremplin/tremplin/catalog/french"
)

// coord is a place's latitude and longitude in degrees.
type coord struct{ lat, lon float64 }

// cities are the coordinates of the main French cities (town halls,
// rounded): enough to say how far a session or a mentor is from where the
// employee works. A place not listed has no known distance.
var cities = map[string]coord{
	"paris": {48.857, 2.352}, "marseille": {43.296, 5.370}, "lyon": {45.764, 4.836},
	"toulouse": {43.605, 1.444}, "nice": {43.710, 7.262}, "nantes": {47.218, -1.554},
	"montpellier": {43.611, 3.877}, "strasbourg": {48.573, 7.752}, "bordeaux": {44.838, -0.579},
	"lille": {50.629, 3.057}, "rennes": {48.117, -1.678}, "reims": {49.258, 4.032},
	"toulon": {43.124, 5.928}, "saint etienne": {45.440, 4.387}, "le havre": {49.494, 0.108},
	"grenoble": {45.188, 5.724}, "dijon": {47.322, 5.041}, "angers": {47.478, -0.563},
	"nimes": {43.837, 4.360}, "villeurbanne": {45.767, 4.880}, "clermont ferrand": {45.778, 3.087},
	"le mans": {48.006, 0.199}, "aix en provence": {43.530, 5.447}, "brest": {48.390, -4.486},
	"tours": {47.394, 0.685}, "amiens": {49.894, 2.296}, "limoges": {45.834, 1.261},
	"annecy": {45.899, 6.129}, "perpignan": {42.699, 2.895}, "metz": {49.120, 6.176},
	"besancon": {47.238, 6.024}, "orleans": {47.903, 1.909}, "rouen": {49.443, 1.099},
	"mulhouse": {47.750, 7.336}, "caen": {49.183, -0.370}, "nancy": {48.692, 6.184},
	"poitiers": {46.580, 0.340}, "la rochelle": {46.160, -1.151}, "pau": {43.295, -0.370},
	"bayonne": {43.493, -1.475}, "valence": {44.933, 4.892}, "chambery": {45.564, 5.917},
	"avignon": {43.949, 4.806}, "dunkerque": {51.034, 2.377}, "lorient": {47.748, -3.370},
	"calais": {50.951, 1.858}, "troyes": {48.297, 4.074}, "la defense": {48.892, 2.236},
}

// placeKey folds a place name for comparison: "Saint-Étienne" and
// "saint etienne" give the same key.
func placeKey(s string) string {
	return strings.Join(strings.FieldsFunc(french.Fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// SamePlace reports whether a and b name the same place, whatever their
// case, accents and hyphens. Two blank names are not a place.
func SamePlace(a, b string) bool {
	ka := placeKey(a)
	return ka != "" && ka == placeKey(b)
}

// DistanceKm returns the distance as the crow flies between two places,
// and whether both are known (0 for the same place, known or not).
func DistanceKm(a, b string) (float64, bool) {
	if SamePlace(a, b) {
		return 0, true
	}
	ca, okA := cities[placeKey(a)]
	cb, okB := cities[placeKey(b)]
	if !okA || !okB {
		return 0, false
	}
	const earthKm = 6371.0
	rad := math.Pi / 180
	dLat, dLon := (cb.lat-ca.lat)*rad, (cb.lon-ca.lon)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(ca.lat*rad)*math.Cos(cb.lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthKm * math.Asin(math.Sqrt(h)), true
}
