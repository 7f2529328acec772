package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// configPrefix is the meta key prefix of the user's settings: the setting
// hilly_climb_m_per_km is the meta row 'config.hilly_climb_m_per_km'.
const configPrefix = "config."

// Config returns the settings the user has set (backtrack config set), key
// to value text. The store does not check keys or values: package analysis
// defines them. Keys never set are missing (their defaults apply).
func (db *DB) Config(ctx context.Context) (map[string]string, error) {
	rows, err := db.r.QueryContext(ctx, "SELECT key, value FROM meta WHERE key >= ? AND key < ? ORDER BY key",
		configPrefix, configPrefix[:len(configPrefix)-1]+"/") // '/' follows '.'
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("read settings: %w", err)
		}
		out[strings.TrimPrefix(k, configPrefix)] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	return out, nil
}

// SetConfig stores value for the setting key, replacing any value before.
func (db *DB) SetConfig(ctx context.Context, key, value string) error {
	if key == "" {
		return errors.New("set setting: empty key")
	}
	err := db.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, configPrefix+key, value)
		return err
	})
	if err != nil {
		return fmt.Errorf("set setting %s: %w", key, err)
	}
	return nil
}

// UnsetConfig forgets the setting key (its default applies again) and
// reports whether it had been set.
func (db *DB) UnsetConfig(ctx context.Context, key string) (bool, error) {
	var n int64
	err := db.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM meta WHERE key = ?", configPrefix+key)
		if err == nil {
			n, err = res.RowsAffected()
		}
		return err
	})
	if err != nil {
		return false, fmt.Errorf("unset setting %s: %w", key, err)
	}
	return n > 0, nil
}
