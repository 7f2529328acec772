package store

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestConfig(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	got, err := db.Config(ctx)
	if err != nil || len(got) != 0 {
		t.Fatalf("Config of a new database = %v, %v; want empty", got, err)
	}
	// Other meta rows, including keys sorting next to the prefix, are not
	// settings.
	for _, k := range []string{"configx", "config", "confia", "config/", "zzz"} {
		if _, err := db.w.Exec("INSERT INTO meta (key, value) VALUES (?, 'x')", k); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name  string
		do    func() error
		want  map[string]string
		unset bool
	}{
		{"set one", func() error { return db.SetConfig(ctx, "hilly_climb_m_per_km", "20") }, map[string]string{"hilly_climb_m_per_km": "20"}, false},
		{"set another", func() error { return db.SetConfig(ctx, "strength_window_h", "24") }, map[string]string{"hilly_climb_m_per_km": "20", "strength_window_h": "24"}, false},
		{"replace", func() error { return db.SetConfig(ctx, "hilly_climb_m_per_km", "12.5") }, map[string]string{"hilly_climb_m_per_km": "12.5", "strength_window_h": "24"}, false},
		{"unset", func() error {
			ok, err := db.UnsetConfig(ctx, "strength_window_h")
			if err == nil && !ok {
				t.Error("UnsetConfig of a set key reports it was not set")
			}
			return err
		}, map[string]string{"hilly_climb_m_per_km": "12.5"}, true},
		{"unset again", func() error {
			ok, err := db.UnsetConfig(ctx, "strength_window_h")
			if err == nil && ok {
				t.Error("UnsetConfig of an unset key reports it was set")
			}
			return err
		}, map[string]string{"hilly_climb_m_per_km": "12.5"}, true},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		got, err := db.Config(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(st.want, got); d != "" {
			t.Errorf("%s: Config (-want +got):\n%s", st.name, d)
		}
	}
	if err := db.SetConfig(ctx, "", "1"); err == nil {
		t.Error("an empty key was stored")
	}
	if n := count(t, db, "meta"); n != 6 {
		t.Errorf("%d meta rows, want the 5 others and 1 setting", n)
	}
}
