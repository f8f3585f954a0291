#include "exhibit/lido_export.h"
