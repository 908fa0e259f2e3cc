/* Stands in for <sqlite3.h> outside src/store: see src/LAYERS.md. */
#error "only src/store may include <sqlite3.h> (src/LAYERS.md)"
