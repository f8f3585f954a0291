#include "capture/texture.h"
