/* Stands in for <curses.h> outside ui/: see src/LAYERS.md. */
#error "only ui/ may include <curses.h> (src/LAYERS.md)"
