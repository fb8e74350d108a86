// The preview server (`parcours serve`) lives here: see the live-preview issue.
// Until then, the target only links the library so that the package layout is final.
import Parcours
