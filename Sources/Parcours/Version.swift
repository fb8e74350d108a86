/// The version of Parcours: the name of the packages scripts/package makes
/// (`parcours_0.2.0_amd64.deb`) and what `parcours --version` prints.
public enum ParcoursVersion {
    public static let number = "0.2.0"
}
