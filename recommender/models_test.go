package recommender

// FusedOrderModels are confidence models that follow the fused score
// within a kind (sigmoid(6·fused_rel − 1)): tests of grouping, constraints
// and diversity use them so that they test those mechanics, not the
// learned model.
func FusedOrderModels() *Models {
	m := Model{Name: "fused order", Bias: -1, Weights: make([]float64, numFeatures), Features: FeatureNames}
	m.Weights[12] = 6
	return &Models{WithReferentiel: m, WithoutReferentiel: m, Floor: 0.1, Strong: 0.5, Medium: 0.25}
}
