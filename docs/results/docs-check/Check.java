import picocli.CommandLine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.Arrays;

/** Parses (never runs) each command line of stdin ("source\targ\targ…") with nftb's picocli command line. */
public class Check {
    public static void main(String[] a) throws Exception {
        boolean spark = a.length > 0 && a[0].equals("spark");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String line;
        int bad = 0, ok = 0;
        while ((line = in.readLine()) != null) {
            String[] f = line.split("\t");
            String[] args = Arrays.copyOfRange(f, 1, f.length);
            CommandLine cl = spark ? (CommandLine) Class.forName("org.nftb.spark.SparkMain").getMethod("commandLine").invoke(null)
                    : org.nftb.cli.Main.commandLine();
            try {
                CommandLine.ParseResult r = cl.parseArgs(args);
                while (r.hasSubcommand()) {
                    r = r.subcommand();
                }
                ok++;
                System.out.println("ok   " + f[0] + "  nftb " + String.join(" ", args) + "  -> " + r.commandSpec().qualifiedName());
            } catch (CommandLine.ParameterException e) {
                bad++;
                System.out.println("FAIL " + f[0] + "  nftb " + String.join(" ", args) + "  : " + e.getMessage());
            }
        }
        System.out.println(ok + " parse, " + bad + " fail");
    }
}
