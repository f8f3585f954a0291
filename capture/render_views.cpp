#include "capture/render_views.h"
