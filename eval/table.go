package eval

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// writeTable writes rows of cells under a header, aligned in columns.
func writeTable(w io.Writer, header []string, rows [][]string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	return nil
}
