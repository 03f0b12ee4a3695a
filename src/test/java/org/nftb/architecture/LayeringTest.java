package org.nftb.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The "nevers" of docs/architecture.md as rules that fail the build: code depends only on layers below it in the
 * data flow (hw-config → device → stream → front end → estimator → output → pipeline → run → commands), packages
 * form no cycles, kernels hold no threads, locks or loggers, and only the application's entry point has a
 * {@code main}. Test code is not checked (tests may reach across layers to build fixtures).
 */
class LayeringTest {
    /** Bottom to top: each layer may use only the layers below it (and itself). */
    static final List<String> LAYERS = List.of("foundation", "config", "device", "stream", "processing", "output",
            "pipeline", "calibration methods", "views and jobs", "run assembly", "commands");

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("org.nftb");
    }

    /** The layered architecture over every production class of the controller. */
    static Architectures.LayeredArchitecture layers() {
        Architectures.LayeredArchitecture a = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("foundation").definedBy("org.nftb.linalg..", "org.nftb.dsp..", "org.nftb.model..",
                        "org.nftb.montecarlo..", "org.nftb.sigmf..")
                .layer("config").definedBy("org.nftb.config..")
                .layer("device").definedBy("org.nftb.device..", "org.nftb.calibration.table..")
                .layer("stream").definedBy("org.nftb.stream..")
                .layer("processing").definedBy(methodKernels().or(inPackages("org.nftb.frontend", "org.nftb.bound",
                        "org.nftb.estimator", "org.nftb.sequential")))
                .layer("output").definedBy("org.nftb.output..", "org.nftb.record..")
                .layer("pipeline").definedBy("org.nftb.pipeline..")
                .layer("calibration methods").definedBy("org.nftb.calibration")
                .layer("views and jobs").definedBy("org.nftb.dashboard..", "org.nftb.jobs..", "org.nftb.report..")
                .layer("run assembly").definedBy("org.nftb.run..")
                .layer("commands").definedBy(methodBenchmarks().or(inPackages("org.nftb.cli", "org.nftb.bench",
                        "org.nftb.benchkit")));
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            String[] below = LAYERS.subList(0, i).toArray(new String[0]);
            a = below.length == 0 ? a.whereLayer(LAYERS.get(i)).mayNotAccessAnyLayer()
                    : a.whereLayer(LAYERS.get(i)).mayOnlyAccessLayers(below);
        }
        return a;
    }

    @Test
    void everyPackageDependsOnlyOnTheLayersBelowIt() {
        layers().check(classes);
    }

    @Test
    void everyProductionClassBelongsToALayer() {
        ArchRule rule = noClasses().that(DescribedPredicate.not(inAnyLayer())).should().bePublic()
                .orShould().notBePublic().as("every production class lies in one of the layers " + LAYERS)
                .allowEmptyShould(true);
        rule.check(classes);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("org.nftb.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void kernelsStartNoThreadsTakeNoLocksAndLogNothing() {
        noClasses().that().implement("org.nftb.estimator.Estimator").or().implement("org.nftb.frontend.FrontEnd")
                .or().implement("org.nftb.sequential.SequentialStage").or().resideInAnyPackage("org.nftb.dsp..", "org.nftb.linalg..", "org.nftb.bound..")
                .should().dependOnClassesThat().resideInAnyPackage("java.util.concurrent..", "org.slf4j..")
                .orShould().dependOnClassesThat().belongToAnyOf(Thread.class, ThreadLocal.class)
                .because("kernels are pure functions of their inputs; the pipeline owns threads and logging "
                        + "(DESIGN.md, style 4)")
                .check(classes);
    }

    @Test
    void onlyTheApplicationHasAMainMethod() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods().that().haveName("main")
                .and().areStatic().and().areDeclaredInClassesThat().doNotHaveFullyQualifiedName("org.nftb.cli.Main")
                .should().bePublic().orShould().notBePublic()
                .because("benchmarks are commands of nftb bench, not programs of their own (DESIGN.md, style 8)")
                .allowEmptyShould(true)
                .check(classes);
    }

    private static DescribedPredicate<JavaClass> inAnyLayer() {
        return methodKernels().or(methodBenchmarks()).or(inPackageTrees("org.nftb.linalg", "org.nftb.dsp",
                "org.nftb.model", "org.nftb.montecarlo", "org.nftb.sigmf", "org.nftb.config", "org.nftb.device",
                "org.nftb.calibration", "org.nftb.stream", "org.nftb.frontend", "org.nftb.bound", "org.nftb.estimator",
                "org.nftb.sequential", "org.nftb.output", "org.nftb.record", "org.nftb.pipeline", "org.nftb.dashboard",
                "org.nftb.jobs", "org.nftb.report", "org.nftb.run", "org.nftb.cli", "org.nftb.bench", "org.nftb.benchkit"));
    }

    /** The methods' own code ({@code methods/<name>/…}) but their benchmarks. */
    static DescribedPredicate<JavaClass> methodKernels() {
        return DescribedPredicate.describe("method code (methods/<name>, not its bench/)",
                c -> c.getPackageName().startsWith("org.nftb.methods.") && !isBench(c.getPackageName()));
    }

    /** Each method's benchmark and figure code ({@code methods/<name>/bench}), which runs like a command. */
    static DescribedPredicate<JavaClass> methodBenchmarks() {
        return DescribedPredicate.describe("method benchmarks (methods/<name>/bench)",
                c -> c.getPackageName().startsWith("org.nftb.methods.") && isBench(c.getPackageName()));
    }

    private static boolean isBench(String pkg) {
        return pkg.endsWith(".bench") || pkg.contains(".bench.");
    }

    private static DescribedPredicate<JavaClass> inPackages(String... packages) {
        List<String> list = Arrays.asList(packages);
        return DescribedPredicate.describe("in " + list, c -> list.contains(c.getPackageName()));
    }

    private static DescribedPredicate<JavaClass> inPackageTrees(String... roots) {
        List<String> list = Arrays.asList(roots);
        return DescribedPredicate.describe("under " + list, c -> list.stream()
                .anyMatch(r -> c.getPackageName().equals(r) || c.getPackageName().startsWith(r + ".")));
    }
}
