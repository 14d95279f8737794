/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-application.h — the single-instance application: app actions, accelerators, About */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DT_TYPE_APPLICATION (dt_application_get_type ())
G_DECLARE_FINAL_TYPE (DtApplication, dt_application, DT, APPLICATION, AdwApplication)

DtApplication *dt_application_new (void);

G_END_DECLS
