# demo/sprache.sh — the demo speaks the user's language (sourced by demo/run.sh and demo/schuljahr.sh).
#
# German when the language the environment asks for (LC_ALL, else LC_MESSAGES, else LANG) starts
# with "de", English otherwise.  The client follows the same variables through its own catalogue;
# the server's messages follow the session's lc_messages (set for the demo's superuser connections
# through PGOPTIONS); psql follows LANG for its own words.  The demo's headings come from t:
#   t 'English text' 'deutscher Text'      prints the one for the language
# and the SQL files get the psql variable de (true/false) for their \echo lines and column names.
case "${LC_ALL:-${LC_MESSAGES:-${LANG:-}}}" in
    de*) DEMO_DE=true ;;
    *) DEMO_DE=false ;;
esac
t() { if $DEMO_DE; then printf '%s' "$2"; else printf '%s' "$1"; fi; }
