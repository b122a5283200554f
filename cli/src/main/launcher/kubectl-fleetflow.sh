#!/bin/sh
# kubectl-fleetflow: Fleetflow's command line (accept, deny, rollout ...), also the kubectl plugin
# "kubectl fleetflow". This file is this script followed by a Java archive: the script runs Java on
# its own file. Java is FLEETFLOW_JAVA when set, else the JDK that built the file, else JAVA_HOME's,
# else the java on PATH (it must be 21 or newer).
java=${FLEETFLOW_JAVA:-}
if [ -z "$java" ]; then
  if [ -x "{{javaHome}}/bin/java" ]; then
    java="{{javaHome}}/bin/java"
  elif [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    java="$JAVA_HOME/bin/java"
  else
    java=java
  fi
fi
# A command that runs for a second gains nothing from the optimising compiler or a parallel GC.
exec "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -jar "$0" "$@"
echo "kubectl-fleetflow: could not run $java" >&2
exit 1
