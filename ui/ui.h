/*
 * ui.h: the workbench, the participant's screen. A client of the session
 * server: it draws what the server pushes (pane frames, the clock, scores)
 * and sends keys and commands; all state is the server's, so the client
 * can die or detach at any moment and lose nothing.
 */
#ifndef BASELINER_UI_H
#define BASELINER_UI_H

/* Run the workbench on this terminal for a session; returns an exit code. */
int	ui_attach(const char *session, int read_only);

#endif
