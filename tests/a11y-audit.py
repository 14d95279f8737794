#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""a11y-audit.py PID APP_ID: walk the AT-SPI tree of the running Digit Trainer (process PID)
through every place a user reaches — every page of the main window (the Evaluate page with
a digit selected), the "Add to Training Set" popover, the export and main menus, Preferences, the shortcuts window and About — and
list each control whose accessible name is empty.  Prints TAP; exits 1 when a control has no
name.  Needs the app's display and session bus with the AT-SPI bus (tests/test-a11y.sh sets
them up); run with the system python, which has pyatspi.

GTK 4.8 answers an empty name with the widget's type name ("GtkMenuButton"), so a type name
counts as empty too.
"""
import os
import re
import subprocess
import sys
import time

import pyatspi
from gi.repository import Gio, GLib

LIST = os.environ.get("DT_A11Y_LIST") == "1"  # print every control with its name
TIMEOUT = 30.0  # seconds to wait for the app, a window or a popover

# Roles a user operates or that stand for a drawn picture: each needs a name.
CONTROL_ROLES = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_CHECK_MENU_ITEM,
    pyatspi.ROLE_RADIO_MENU_ITEM, pyatspi.ROLE_ENTRY, pyatspi.ROLE_PASSWORD_TEXT,
    pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_SLIDER, pyatspi.ROLE_COMBO_BOX,
    pyatspi.ROLE_PAGE_TAB, pyatspi.ROLE_LINK, pyatspi.ROLE_LIST_BOX, pyatspi.ROLE_TEXT,
    pyatspi.ROLE_PROGRESS_BAR, pyatspi.ROLE_LEVEL_BAR, pyatspi.ROLE_IMAGE, pyatspi.ROLE_CANVAS,
    pyatspi.ROLE_FRAME, pyatspi.ROLE_DIALOG, pyatspi.ROLE_WINDOW,
}
# Windows whose content the toolkit builds (AdwAboutWindow, GtkShortcutsWindow): their inner
# controls are listed for upstream but do not fail the test; the window's own name does.
TOOLKIT_PLACES = {"About", "Keyboard Shortcuts"}
# A control inside one of these that has a name is part of it (the icon of a named button).
NAMING_PARENTS = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_PAGE_TAB,
    pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_CHECK_BOX, pyatspi.ROLE_RADIO_BUTTON,
    pyatspi.ROLE_LIST_ITEM,
}
TYPE_NAME = re.compile(r"^(Gtk|Adw|Dt)[A-Z][A-Za-z]*$")
# GTK 4.8 names a button with a mnemonic label twice, the raw text first ("_Test Set Test Set")
MNEMONIC = re.compile(r"(^|\s)_\w")


def garbled(name):
    """A name a screen reader would read wrongly: a raw mnemonic or the same words twice."""
    words = (name or "").casefold().split()
    half = len(words) // 2
    return MNEMONIC.search(name or "") is not None or (
        half > 0 and len(words) % 2 == 0 and words[:half] == words[half:])


def unnamed(node):
    name = (node.name or "").strip()
    return name == "" or TYPE_NAME.match(name) is not None


def wait_for(what, predicate, pid=None):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if pid is not None:
            os.kill(pid, 0)  # ProcessLookupError when the app has died
        try:
            found = predicate()
        except GLib.Error:
            found = None
        if found:
            return found
        time.sleep(0.25)
    raise TimeoutError(f"timed out after {TIMEOUT:.0f} s waiting for {what}")


def children(node):
    for i in range(node.childCount):
        try:
            child = node.getChildAtIndex(i)
        except GLib.Error:
            continue
        if child is not None:
            yield child


def walk(node, path=()):
    yield node, path
    label = node.name if node.name and not TYPE_NAME.match(node.name) else node.getRoleName()
    for child in children(node):
        yield from walk(child, path + ((node, label),))


def extents(node):
    try:
        return node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    except (NotImplementedError, GLib.Error):
        return None


def find(root, role, name=None):
    for node, _ in walk(root):
        if node.getRole() == role and (name is None or node.name == name):
            return node
    return None


def click(node):
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) == "click":
            action.doAction(i)
            return
    raise RuntimeError(f"{node.getRoleName()} {node.name!r} has no click action")


class Audit:
    def __init__(self, pid, app_id):
        self.pid = pid
        self.bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        self.app_id = app_id
        self.app_path = "/" + app_id.replace(".", "/")
        self.problems = {}   # "role 'name' at path" -> where it was seen
        self.toolkit = {}    # the same, inside windows the toolkit builds
        self.garbled = {}    # controls whose name reads wrongly
        self.seen = 0
        self.n = 0
        self.failed = False

    def tap(self, ok, text, details=()):
        self.n += 1
        print(f"{'ok' if ok else 'not ok'} {self.n} - {text}", flush=True)
        for line in details:
            print(f"# {line}", flush=True)
        self.failed |= not ok

    def application(self):
        desktop = pyatspi.Registry.getDesktop(0)
        for app in children(desktop):
            try:
                if app.get_process_id() == self.pid and app.childCount > 0:
                    return app
            except GLib.Error:
                pass
        return None

    def frames(self):
        return [f for f in children(self.application()) if f.getRole() == pyatspi.ROLE_FRAME]

    def frame(self, name):
        return next((f for f in self.frames() if f.name == name), None)

    def activate(self, action, path=None):
        """Activates an action the application exports on the session bus (app or window)."""
        self.bus.call_sync(self.app_id, path or self.app_path, "org.gtk.Actions", "Activate",
                           GLib.Variant("(sava{sv})", (action, [], {})), None,
                           Gio.DBusCallFlags.NONE, 5000, None)

    def audit(self, place, root):
        """Records every unnamed control under ROOT that is on screen; PLACE says where the
        user is."""
        count = 0
        for node, path in walk(root):
            count += 1
            if node.getRole() not in CONTROL_ROLES:
                continue
            box = extents(node)
            if box is not None and (box.width <= 0 or box.height <= 0) and path:
                continue   # not mapped: a page or popover that is not open
            where = " > ".join(label for p, label in path[1:] if not unnamed(p)) or "top"
            key = f"{node.getRoleName()} {node.name!r} at {where}"
            if LIST:
                print(f"# {place}: {key}", flush=True)
            if garbled(node.name):
                self.garbled.setdefault(key, place)
            if not unnamed(node):
                continue
            if any(p.getRole() in NAMING_PARENTS and not unnamed(p) for p, _ in path):
                continue
            hint = [f"tooltip {node.description!r}"] if node.description else []
            texts = [n.name for n, _ in walk(node) if n is not node and not unnamed(n)]
            hint += [f"shows {texts[:3]!r}"] if texts else []
            found = self.toolkit if place in TOOLKIT_PLACES and path else self.problems
            found.setdefault(key, f"{place}; " + ", ".join(hint + [
                f"{box.width}x{box.height} at {box.x},{box.y}" if box else "no extents"]))
        self.seen += count
        return count

    def close(self, frame):
        action = frame.queryAction()
        for i in range(action.nActions):
            if action.getName(i) == "window.close":
                action.doAction(i)
                return

    def run(self):
        app = wait_for("the application on the accessibility bus", self.application,
                       self.pid)
        main = wait_for("the main window", lambda: self.frame("Digit Trainer"))
        self.tap(True, f"the app is on the accessibility bus as {app.name!r}")

        train_tab = wait_for("the Train tab", lambda: find(main, pyatspi.ROLE_PAGE_TAB, "Train"))
        click(train_tab)
        self.tap(self.audit("Train page", main) > 0, "walked the Train page")
        click(wait_for("the Draw tab", lambda: find(main, pyatspi.ROLE_PAGE_TAB, "Draw")))
        self.tap(self.audit("Draw page", main) > 0, "walked the Draw page")
        self.tap(self.draw_stroke(main), "drew a stroke (so Add to Training Set is enabled)")
        # the pages of what the network learned, the Evaluate page with a digit selected
        for tab in ("Evaluate", "Inside", "Optimizer"):
            click(wait_for(f"the {tab} tab", lambda: find(main, pyatspi.ROLE_PAGE_TAB, tab)))
            if tab == "Evaluate":
                self.tap(self.select_digit(main), "selected a test digit on the Evaluate page")
            self.tap(self.audit(f"{tab} page", main) > 0, f"walked the {tab} page")

        # The popovers: each opens from a button found by what it shows or does.
        for place, button_name, item in (
                ("Add to Training Set popover", "Add to Training Set…", "This is a 7"),
                ("export menu", None, "Curves as PNG…"),
                ("main menu", None, "Preferences")):
            button = self.popover_button(main, button_name, place)
            if button is None:
                self.tap(False, f"found the button of the {place}")
                continue
            click(button)
            opened = wait_for(place, lambda: self.find_item(main, item))
            self.audit(place, main)
            self.tap(opened is not None, f"walked the {place}")
            click(button)   # toggles it closed again
            wait_for(f"the {place} to close", lambda: self.find_item(main, item) is None or None)
        click(train_tab)

        for place, open_it in (
                ("Preferences", lambda: self.activate("preferences")),
                ("Keyboard Shortcuts", lambda: self.activate(
                    "show-help-overlay", self.app_path + "/window/1")),
                ("About", lambda: self.activate("about"))):
            before = {f.path for f in self.frames()}
            open_it()
            frame = wait_for(f"the {place} window", lambda: next(
                (f for f in self.frames() if f.path not in before), None))
            self.tap(self.audit(place, frame) > 0, f"walked the {place} window ({frame.name!r})")
            self.close(frame)
            wait_for(f"the {place} window to close",
                     lambda: all(f.path != frame.path for f in self.frames()) or None)

        listed = lambda found: [f"{key} ({place})" for key, place in sorted(found.items())]
        self.tap(not self.problems,
                 f"every control has an accessible name ({self.seen} nodes walked)",
                 listed(self.problems))
        self.tap(not self.garbled, "no name carries a raw mnemonic or repeats itself",
                 listed(self.garbled))
        self.tap(True, f"the toolkit's own controls in About and Keyboard Shortcuts: "
                 f"{len(self.toolkit)} without a name (not ours to fix)", listed(self.toolkit))

    def draw_stroke(self, main):
        """Drags the pointer across the sketchpad with xdotool; True once the drawing
        enables the Add to Training Set button."""
        pad = wait_for("the sketchpad on screen", lambda: next(
            (n for n, _ in walk(main) if n.getRole() == pyatspi.ROLE_IMAGE
             and n.queryComponent().getExtents(pyatspi.WINDOW_COORDS).width > 50
             and n.name == "Drawing area"), None))
        box = pad.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        windows = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(self.pid)],
                                 capture_output=True, text=True, timeout=10).stdout.split()
        if not windows:
            return False
        x, y = box.x + box.width // 3, box.y + box.height // 4
        subprocess.run(["xdotool", "mousemove", "--window", windows[0], str(x), str(y),
                        "mousedown", "1",
                        "mousemove", "--window", windows[0], str(x + box.width // 6), str(y),
                        "mousemove", "--window", windows[0], str(x + box.width // 6),
                        str(y + box.height // 2), "mouseup", "1"], check=True, timeout=10)
        button = self.popover_button(main, "Add to Training Set…", None)
        return wait_for("the Add to Training Set button to become sensitive",
                        lambda: button.getState().contains(pyatspi.STATE_SENSITIVE)) is True

    def select_digit(self, main):
        """Clicks the first digit of the Evaluate page's gallery with xdotool; True once
        its detail (the Show on Draw Page button) is on screen."""
        area = wait_for("the digits of the Evaluate page", lambda: next(
            (n for n, _ in walk(main) if n.getRole() == pyatspi.ROLE_IMAGE
             and "most confident first" in (n.name or "")
             and n.queryComponent().getExtents(pyatspi.WINDOW_COORDS).width > 50), None))
        box = area.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        windows = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(self.pid)],
                                 capture_output=True, text=True, timeout=10).stdout.split()
        if not windows:
            return False
        # the first row of digits, wherever the layout centres it
        for x in (box.x + box.width // 2, box.x + box.width // 3, box.x + 20):
            subprocess.run(["xdotool", "mousemove", "--window", windows[0], str(x),
                            str(box.y + 20), "click", "1"], check=True, timeout=10)
            time.sleep(0.5)
            if self.find_item(main, "Show on Draw Page") is not None:
                return True
        return wait_for("the Show on Draw Page button", lambda: self.find_item(
            main, "Show on Draw Page")) is not None

    def find_item(self, main, name):
        """A menu item or button named NAME anywhere in the app's windows (popovers live in
        the main window's tree)."""
        for node, _ in walk(main):
            if node.name == name and node.getRole() in (pyatspi.ROLE_MENU_ITEM,
                                                        pyatspi.ROLE_PUSH_BUTTON):
                return node
        return None

    def popover_button(self, main, name, place):
        """The clickable button of a menu button: the named one, or else the one whose
        tooltip (the accessible description) matches the place, so that the audit still
        reaches a popover whose button has lost its name."""
        hints = {"export menu": "Export", "main menu": "Main Menu"}
        for node, _ in walk(main):
            if node.getRole() != pyatspi.ROLE_PUSH_BUTTON:
                continue
            try:
                has_click = "click" in [node.queryAction().getName(i)
                                        for i in range(node.queryAction().nActions)]
            except NotImplementedError:
                has_click = False
            if not has_click:
                continue
            if name is not None and node.name == name:
                return node
            if name is None and (node.description or "").startswith(hints[place]):
                return node
        return None


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: a11y-audit.py PID APP_ID")
    audit = Audit(int(sys.argv[1]), sys.argv[2])
    try:
        audit.run()
    except ProcessLookupError:
        audit.tap(False, "the app is running", ["it exited before the audit could see it"])
    except (TimeoutError, RuntimeError, GLib.Error) as e:
        audit.tap(False, "the audit reached every window", [str(e)])
    print(f"1..{audit.n}")
    sys.exit(1 if audit.failed else 0)


if __name__ == "__main__":
    main()
