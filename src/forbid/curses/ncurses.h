/* Stands in for <ncurses.h> outside ui/: see src/LAYERS.md. */
#error "only ui/ may include <ncurses.h> (src/LAYERS.md)"
