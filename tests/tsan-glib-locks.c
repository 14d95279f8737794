/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Linked into the tests of a ThreadSanitizer build (-Db_sanitize=thread) only.
 *
 * GLib's GMutex and GCond are futexes on Linux, and Debian's GLib is not built with TSan:
 * TSan sees neither the lock nor the unlock, so every field our threads share under a
 * GMutex (the trainer's record, snapshot and drain source) was reported as a race.  These
 * definitions come before libglib's for every call our code makes (the executable's symbols
 * are searched first); each calls GLib's own and tells TSan what it did, so the
 * happens-before edges the locks really create are there and the reports are not — rather
 * than suppressed.  GTask hands its data to a pool thread and its result back through
 * GLib's own locks, which stay invisible (GLib's calls to itself bind inside libglib): the
 * GTask functions our code calls say so too.  What is left is in build-aux/tsan.supp, with
 * why each entry is safe. */
#include "config.h"

#include <dlfcn.h>
#include <gio/gio.h>
#include <sanitizer/tsan_interface.h>

#undef g_once_init_enter
#undef g_once_init_leave

/* Declared here too: GLib's header gives some of them other shapes (macros). */
void     g_mutex_lock         (GMutex        *mutex);
void     g_mutex_unlock       (GMutex        *mutex);
gboolean g_mutex_trylock      (GMutex        *mutex);
void     g_cond_wait          (GCond         *cond,
                               GMutex        *mutex);
gboolean g_cond_wait_until    (GCond         *cond,
                               GMutex        *mutex,
                               gint64         end_time);
gboolean g_once_init_enter    (volatile void *location);
void     g_once_init_leave    (volatile void *location,
                               gsize          result);

/* GLib's own definition of name, looked up on first use — GLib's and GObject's
 * constructors lock mutexes before any of ours could run — through an atomic pointer, so
 * that two threads looking it up at once do not race. */
static gpointer
glib_function (gpointer   *slot,
               const char *name)
{
  gpointer f = g_atomic_pointer_get (slot);

  if (f == NULL)
    {
      f = dlsym (RTLD_NEXT, name);
      if (f == NULL)
        g_error ("tsan-glib-locks: GLib's %s is not found", name);
      g_atomic_pointer_set (slot, f);
    }
  return f;
}

/* glib_NAME: GLib's NAME, of the same type as ours */
#define REAL(name) \
  static gpointer real_##name; \
  __typeof__ (&name) glib_##name = (__typeof__ (&name)) glib_function (&real_##name, #name)

void
g_mutex_lock (GMutex *mutex)
{
  REAL (g_mutex_lock);

  glib_g_mutex_lock (mutex);
  __tsan_acquire (mutex);
}

gboolean
g_mutex_trylock (GMutex *mutex)
{
  REAL (g_mutex_trylock);
  gboolean locked = glib_g_mutex_trylock (mutex);

  if (locked)
    __tsan_acquire (mutex);
  return locked;
}

void
g_mutex_unlock (GMutex *mutex)
{
  REAL (g_mutex_unlock);

  __tsan_release (mutex);
  glib_g_mutex_unlock (mutex);
}

/* waiting unlocks the mutex and locks it again */
void
g_cond_wait (GCond  *cond,
             GMutex *mutex)
{
  REAL (g_cond_wait);

  __tsan_release (mutex);
  glib_g_cond_wait (cond, mutex);
  __tsan_acquire (mutex);
}

gboolean
g_cond_wait_until (GCond  *cond,
                   GMutex *mutex,
                   gint64  end_time)
{
  REAL (g_cond_wait_until);
  gboolean signalled;

  __tsan_release (mutex);
  signalled = glib_g_cond_wait_until (cond, mutex, end_time);
  __tsan_acquire (mutex);
  return signalled;
}

/* g_once_init_leave publishes what the initialiser wrote; a thread that finds it done
 * (here or on the macro's atomic fast path) reads it */
gboolean
g_once_init_enter (volatile void *location)
{
  REAL (g_once_init_enter);
  gboolean first = glib_g_once_init_enter (location);

  if (!first)
    __tsan_acquire ((void *) location);
  return first;
}

void
g_once_init_leave (volatile void *location,
                   gsize          result)
{
  REAL (g_once_init_leave);

  __tsan_release ((void *) location);
  glib_g_once_init_leave (location, result);
}

/* ---- GTask: what the caller set up is seen by the thread, what it returns by the caller */

static GQuark
thread_func_quark (void)
{
  static GQuark quark;

  if (g_once_init_enter (&quark))
    g_once_init_leave (&quark, g_quark_from_static_string ("dt-tsan-thread-func"));
  return quark;
}

static void
task_thread_cb (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GTaskThreadFunc func;

  __tsan_acquire (task);
  func = (GTaskThreadFunc) g_object_get_qdata (G_OBJECT (task), thread_func_quark ());
  func (task, source, task_data, cancellable);
}

void
g_task_run_in_thread (GTask           *task,
                      GTaskThreadFunc  task_func)
{
  REAL (g_task_run_in_thread);

  g_object_set_qdata (G_OBJECT (task), thread_func_quark (), (gpointer) task_func);
  __tsan_release (task);
  glib_g_task_run_in_thread (task, task_thread_cb);
}

void
g_task_return_pointer (GTask          *task,
                       gpointer        result,
                       GDestroyNotify  result_destroy)
{
  REAL (g_task_return_pointer);

  __tsan_release (task);
  glib_g_task_return_pointer (task, result, result_destroy);
}

void
g_task_return_error (GTask  *task,
                     GError *error)
{
  REAL (g_task_return_error);

  __tsan_release (task);
  glib_g_task_return_error (task, error);
}

gpointer
g_task_propagate_pointer (GTask   *task,
                          GError **error)
{
  REAL (g_task_propagate_pointer);

  __tsan_acquire (task);
  return glib_g_task_propagate_pointer (task, error);
}

/* ---- GObject's reference count: the last unref sees what every earlier holder did.
 * g_object_unref counts down with atomics inside libgobject, which TSan does not see, so a
 * GTask's data freed by the main thread's last unref looked unordered with the pool
 * thread's reads before its own unref.  Each unref releases the object and acquires what
 * the earlier unrefs released (the acquire is harmless when it is not the last). */
void
g_object_unref (gpointer object)
{
  REAL (g_object_unref);

  __tsan_release (object);
  __tsan_acquire (object);
  glib_g_object_unref (object);
}
