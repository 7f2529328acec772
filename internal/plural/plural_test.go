package plural

import "testing"

func TestOf(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "0 runs"}, {1, "1 run"}, {2, "2 runs"}, {-1, "-1 runs"}, {12345, "12345 runs"}} {
		if got := Of(tc.n, "run", "runs"); got != tc.want {
			t.Errorf("Of(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
