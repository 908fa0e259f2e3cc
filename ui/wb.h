/*
 * wb.h: the workbench, the participant's screen. A client of the session
 * server: it draws what the server pushes (pane frames, the clock, scores)
 * and sends keys and commands; all state is the server's, so the client
 * can die or detach at any moment and lose nothing.
 */
#ifndef BASELINER_WB_H
#define BASELINER_WB_H

/* Run the workbench on this terminal for a session; returns an exit code. */
int	wb_main(const char *session, int read_only);

#endif
