"""scripts/bench: what the integration costs against the sandbox."""

import logging

# Home Assistant's camera helpers (imported with its test helpers) miss an optional C library
# here and say so with a traceback; the bench does not use them.
logging.getLogger("homeassistant.components.camera").setLevel(logging.CRITICAL)
